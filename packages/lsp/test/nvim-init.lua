-- Drives `mfc lsp --stdio` from Neovim's built-in LSP client (headless) and
-- writes the diagnostics it received for one file as JSON. Used by
-- nvim.int.test.ts; paths come from the environment.
local file = os.getenv('MFC_NVIM_FILE')
local out = os.getenv('MFC_NVIM_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = 'mfc',
  cmd = { os.getenv('MFC_NODE'), os.getenv('MFC_BIN'), 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config, { bufnr = buf })
else -- Neovim 0.7 (Debian bookworm)
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client_id)
end
local ok = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local result = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  table.insert(result, {
    lnum = d.lnum,
    col = d.col,
    end_lnum = d.end_lnum,
    end_col = d.end_col,
    severity = d.severity,
    code = d.code or lsp.code,
    source = d.source or lsp.source,
    message = d.message,
  })
end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode({ ok = ok, diagnostics = result }))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
