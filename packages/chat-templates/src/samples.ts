/** Built-in sample conversations (Ollama's chat request shape) used to render and compare templates. */
import type { ChatValues } from './ollama.js';

export interface SampleConversation {
  name: string;
  values: ChatValues;
  /** Part of the set that decides template matches (plain text turns, no tools). */
  forMatching: boolean;
}

const user1 = { role: 'user', content: 'Hello, how are you?' };
const assistant1 = { role: 'assistant', content: "I'm doing great. How can I help you today?" };
const user2 = { role: 'user', content: "I'd like to show off how chat templating works!" };
const system = { role: 'system', content: 'You are a helpful assistant.' };

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather for a city',
    parameters: {
      type: 'object',
      required: ['city'],
      properties: {
        city: { type: 'string', description: 'The name of the city' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
    },
  },
};

export const sampleConversations: readonly SampleConversation[] = [
  { name: 'user', values: { messages: [user1] }, forMatching: true },
  {
    name: 'user-assistant-user',
    values: { messages: [user1, assistant1, user2] },
    forMatching: true,
  },
  {
    name: 'system-user-assistant-user',
    values: { messages: [system, user1, assistant1, user2] },
    forMatching: true,
  },
  {
    name: 'tools',
    values: {
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [weatherTool],
    },
    forMatching: false,
  },
  {
    name: 'tool-call-and-result',
    values: {
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'get_current_weather', arguments: { city: 'Paris' } } }],
        },
        { role: 'tool', content: '22 degrees and sunny', tool_name: 'get_current_weather' },
      ],
      tools: [weatherTool],
    },
    forMatching: false,
  },
];
