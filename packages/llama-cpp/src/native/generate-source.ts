/**
 * The C++ source of `mfc-generate`, mfc's own small generator, compiled like
 * the llama.cpp tools against the prebuilt libraries. It is embedded as a
 * string so that the CLI bundle carries it without asset files.
 *
 * Why our own tool rather than llama-completion: it prints one JSON object
 * with the generated token ids and their bytes (hex), so callers get exact
 * tokens, and it applies LoRA adapters and the sampler settings we pass.
 * Arguments: -m MODEL [--lora FILE SCALE]... [--prompt-file FILE | -p TEXT]
 * [-n N] [--seed S] [--temp T] [--top-k K] [--top-p P] [--min-p P]
 * [--repeat-penalty R] [--repeat-last-n N] [-c N_CTX] [-t THREADS] [--no-bos]
 */
export const MFC_GENERATE_CPP = String.raw`// mfc-generate: prompt in, generated token ids (JSON) out. Written by mfc.
#include "llama.h"
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

static int g_last_level = GGML_LOG_LEVEL_ERROR;

static void log_cb(enum ggml_log_level level, const char * text, void *) {
    if (level != GGML_LOG_LEVEL_CONT) g_last_level = level;
    if (g_last_level >= GGML_LOG_LEVEL_WARN) { fputs(text, stderr); fflush(stderr); }
}

static int fail(const std::string & msg) {
    fprintf(stderr, "error: %s\n", msg.c_str());
    return 1;
}

static const char * hex = "0123456789abcdef";

int main(int argc, char ** argv) {
    std::setlocale(LC_NUMERIC, "C");
    std::string model_path, prompt;
    std::vector<std::pair<std::string, float>> loras;
    int n_predict = 16, top_k = 40, repeat_last_n = 64, n_ctx = 0, threads = 0;
    unsigned seed = 0;
    float temp = 0.8f, top_p = 0.9f, min_p = 0.0f, repeat_penalty = 1.0f;
    bool add_bos = true;
    try {
        for (int i = 1; i < argc; i++) {
            std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
                return argv[++i];
            };
            if (a == "-m") model_path = next();
            else if (a == "--lora") { std::string p = next(); loras.push_back({p, std::stof(next())}); }
            else if (a == "-p") prompt = next();
            else if (a == "--prompt-file") {
                std::ifstream f(next(), std::ios::binary);
                if (!f) throw std::runtime_error("cannot read the prompt file");
                std::stringstream ss; ss << f.rdbuf(); prompt = ss.str();
            }
            else if (a == "-n") n_predict = std::stoi(next());
            else if (a == "--seed") seed = (unsigned) std::stoul(next());
            else if (a == "--temp") temp = std::stof(next());
            else if (a == "--top-k") top_k = std::stoi(next());
            else if (a == "--top-p") top_p = std::stof(next());
            else if (a == "--min-p") min_p = std::stof(next());
            else if (a == "--repeat-penalty") repeat_penalty = std::stof(next());
            else if (a == "--repeat-last-n") repeat_last_n = std::stoi(next());
            else if (a == "-c") n_ctx = std::stoi(next());
            else if (a == "-t") threads = std::stoi(next());
            else if (a == "--no-bos") add_bos = false;
            else throw std::runtime_error("unknown argument " + a);
        }
    } catch (const std::exception & e) {
        return fail(std::string("bad arguments: ") + e.what());
    }
    if (model_path.empty()) return fail("no model (-m)");

    llama_log_set(log_cb, nullptr);
    ggml_backend_load_all();
    llama_backend_init();

    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    llama_model * model = llama_model_load_from_file(model_path.c_str(), mp);
    if (!model) return fail("unable to load the model " + model_path);
    const llama_vocab * vocab = llama_model_get_vocab(model);

    std::vector<llama_adapter_lora *> adapters;
    std::vector<float> scales;
    for (auto & l : loras) {
        llama_adapter_lora * ad = llama_adapter_lora_init(model, l.first.c_str());
        if (!ad) return fail("unable to load the LoRA adapter " + l.first);
        adapters.push_back(ad);
        scales.push_back(l.second);
    }

    int n_prompt = -llama_tokenize(vocab, prompt.data(), (int32_t) prompt.size(), nullptr, 0, add_bos, true);
    std::vector<llama_token> tokens(n_prompt > 0 ? n_prompt : 0);
    if (n_prompt > 0 && llama_tokenize(vocab, prompt.data(), (int32_t) prompt.size(), tokens.data(), n_prompt, add_bos, true) < 0)
        return fail("failed to tokenize the prompt");
    if (tokens.empty()) {
        llama_token bos = llama_vocab_bos(vocab);
        if (bos == LLAMA_TOKEN_NULL) return fail("the prompt is empty and the model has no BOS token");
        tokens.push_back(bos);
        n_prompt = 1;
    }

    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = n_ctx > 0 ? n_ctx : n_prompt + n_predict + 1;
    cp.n_batch = n_prompt > 512 ? n_prompt : 512;
    if (threads > 0) { cp.n_threads = threads; cp.n_threads_batch = threads; }
    llama_context * ctx = llama_init_from_model(model, cp);
    if (!ctx) return fail("failed to create the llama context");
    if (!adapters.empty() && llama_set_adapters_lora(ctx, adapters.data(), adapters.size(), scales.data()) != 0)
        return fail("failed to apply the LoRA adapters");

    llama_sampler * smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
    if (temp <= 0.0f) {
        llama_sampler_chain_add(smpl, llama_sampler_init_greedy());
    } else {
        if (repeat_penalty != 1.0f)
            llama_sampler_chain_add(smpl, llama_sampler_init_penalties(llama_vocab_n_tokens(vocab), repeat_last_n, repeat_penalty, 0.0f, 0.0f));
        if (top_k > 0) llama_sampler_chain_add(smpl, llama_sampler_init_top_k(top_k));
        if (top_p < 1.0f) llama_sampler_chain_add(smpl, llama_sampler_init_top_p(top_p, 1));
        if (min_p > 0.0f) llama_sampler_chain_add(smpl, llama_sampler_init_min_p(min_p, 1));
        llama_sampler_chain_add(smpl, llama_sampler_init_temp(temp));
        llama_sampler_chain_add(smpl, llama_sampler_init_dist(seed));
    }

    std::vector<llama_token> out;
    std::vector<std::string> pieces;
    const char * stop = "length";
    llama_batch batch = llama_batch_get_one(tokens.data(), (int32_t) tokens.size());
    llama_token tok;
    for (int i = 0; i < n_predict; i++) {
        if (llama_decode(ctx, batch)) return fail("llama_decode failed");
        tok = llama_sampler_sample(smpl, ctx, -1);
        if (llama_vocab_is_eog(vocab, tok)) { stop = "eog"; break; }
        char buf[256];
        int n = llama_token_to_piece(vocab, tok, buf, sizeof(buf), 0, true);
        if (n < 0) return fail("failed to convert a token to text");
        out.push_back(tok);
        pieces.push_back(std::string(buf, n));
        batch = llama_batch_get_one(&tok, 1);
    }

    std::string json = "{\"prompt_tokens\":" + std::to_string(n_prompt) + ",\"stop\":\"" + stop + "\",\"tokens\":[";
    for (size_t i = 0; i < out.size(); i++) json += (i ? "," : "") + std::to_string(out[i]);
    json += "],\"pieces\":[";
    for (size_t i = 0; i < pieces.size(); i++) {
        json += i ? ",\"" : "\"";
        for (unsigned char c : pieces[i]) { json += hex[c >> 4]; json += hex[c & 15]; }
        json += "\"";
    }
    json += "]}\n";
    fputs(json.c_str(), stdout);
    fflush(stdout);

    llama_sampler_free(smpl);
    llama_free(ctx);
    llama_model_free(model);
    return 0;
}
`;

/**
 * `llama-export-lora` calls `ggml_backend_cpu_init` and
 * `ggml_backend_cpu_set_n_threads`, which live in the CPU backend that the
 * prebuilt ggml loads at run time (one .so per CPU family), so they cannot be
 * linked directly. This shim reaches them through the backend registry.
 */
export const CPU_THREADS_SHIM_CPP = String.raw`// Written by mfc: reaches the run-time loaded CPU backend through the registry.
#include "ggml-backend.h"
static ggml_backend_dev_t cpu_device() {
    ggml_backend_dev_t dev = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    if (!dev) {
        ggml_backend_load_all();
        dev = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    }
    return dev;
}
extern "C" ggml_backend_t ggml_backend_cpu_init(void) {
    ggml_backend_dev_t dev = cpu_device();
    return dev ? ggml_backend_dev_init(dev, nullptr) : nullptr;
}
extern "C" void ggml_backend_cpu_set_n_threads(ggml_backend_t backend, int n_threads) {
    ggml_backend_dev_t dev = ggml_backend_get_device(backend);
    ggml_backend_reg_t reg = dev ? ggml_backend_dev_backend_reg(dev) : nullptr;
    if (!reg) return;
    auto fn = (ggml_backend_set_n_threads_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_n_threads");
    if (fn) fn(backend, n_threads);
}
`;
