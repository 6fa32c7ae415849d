using System.Collections.Generic;
using System.Linq;

namespace Caching.Gateway.Tests.Validation;

/// <summary>
/// Requests OpenAI refuses, each with the status and the parameter its error must name: the findings of a newcomer's
/// pass over the gateway (content parts, tools, formats, stop, logit_bias, stream options, content types, type errors,
/// amplification) and the rest of each route's fields, role by role and part by part.
/// </summary>
internal static class BadRequestCorpus
{
    public const string Chat = "/v1/chat/completions";
    public const string Embeddings = "/v1/embeddings";
    public const string Images = "/v1/images/generations";

    /// <summary>One bad request: where it goes, its body, its content type, and the answer it must get.</summary>
    public sealed record Case(string Name, string Route, string Body, string? ContentType, int Status, string? Param);

    private const string User = "{\"role\":\"user\",\"content\":\"hi\"}";
    private const string Tool = "{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}";

    public static IReadOnlyList<Case> All { get; } = [.. Build()];

    private static string ChatWith(string fields) => "{\"model\":\"gpt-4o\",\"messages\":[" + User + "]" + fields + "}";

    private static string ChatMessages(params string[] messages) => "{\"model\":\"gpt-4o\",\"messages\":[" + string.Join(",", messages) + "]}";

    private static string Parts(string role, string parts) => "{\"role\":\"" + role + "\",\"content\":[" + parts + "]}";

    private static string Embed(string fields) => "{\"model\":\"text-embedding-3-small\"" + fields + "}";

    private static string Image(string fields) => "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\"" + fields + "}";

    private static IEnumerable<Case> Build()
    {
        // Found by a newcomer: answered 500 (the text extraction threw on these parts).
        yield return Bad("image part with a text number", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"},\"text\":5}")), "messages[0].content[0].text");
        yield return Bad("image part with a text object", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"text\":{}}")), "messages[0].content[0].text");
        yield return Bad("refusal part with a text number", ChatMessages(Parts("assistant", "{\"type\":\"refusal\",\"refusal\":\"no\",\"text\":5}"), User), "messages[0].content[0].text");

        // Found by a newcomer: accepted and cached.
        yield return Bad("empty content array", ChatMessages("{\"role\":\"user\",\"content\":[]}"), "messages[0].content");
        yield return Bad("image_url a string", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":\"str\"}")), "messages[0].content[0].image_url");
        yield return Bad("tool_calls a string", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":\"x\"}"), "messages[1].tool_calls");
        yield return Bad("tools a string", ChatWith(",\"tools\":\"notarray\""), "tools");
        yield return Bad("tools of numbers", ChatWith(",\"tools\":[5]"), "tools[0]");
        yield return Bad("tool parameters a string", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]"), "tools[0].function.parameters");
        yield return Bad("tool parameters an array", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]"), "tools[0].function.parameters");
        yield return Bad("tool without a name", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"d\"}}]"), "tools[0].function.name");
        yield return Bad("tool_choice a number", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":5"), "tool_choice");
        yield return Bad("response_format a string", ChatWith(",\"response_format\":\"json\""), "response_format");
        yield return Bad("stop a number", ChatWith(",\"stop\":5"), "stop");
        yield return Bad("stop an object", ChatWith(",\"stop\":{}"), "stop");
        yield return Bad("stop of numbers", ChatWith(",\"stop\":[1,2]"), "stop[0]");
        yield return Bad("logit_bias above 100", ChatWith(",\"logit_bias\":{\"50256\":101}"), "logit_bias.50256");
        yield return Bad("logit_bias below -100", ChatWith(",\"logit_bias\":{\"50256\":-101}"), "logit_bias.50256");
        yield return Bad("stream_options without stream", ChatWith(",\"stream_options\":{\"include_usage\":true}"), "stream_options");
        yield return Bad("include_usage a string", ChatWith(",\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}"), "stream_options.include_usage");
        yield return new Case("a text/plain body", Chat, ChatWith(string.Empty), "text/plain", 415, null);
        yield return new Case("a body without a content type", Chat, ChatWith(string.Empty), null, 415, null);
        yield return new Case("a form body", Chat, ChatWith(string.Empty), "application/x-www-form-urlencoded", 415, null);
        yield return new Case("json in latin-1", Chat, ChatWith(string.Empty), "application/json; charset=iso-8859-1", 415, null);
        yield return new Case("embeddings as text/plain", Embeddings, Embed(",\"input\":\"hi\""), "text/plain", 415, null);
        yield return new Case("images as text/plain", Images, Image(string.Empty), "text/plain", 415, null);
        yield return Bad("embedding input empty", Embed(",\"input\":\"\""), "input", Embeddings);
        yield return Bad("image size huge", Image(",\"size\":\"huge\""), "size", Images);
        yield return Bad("n as a string", ChatWith(",\"n\":\"2\""), "n");
        yield return Bad("dimensions as a string", Embed(",\"input\":\"hi\",\"dimensions\":\"8\""), "dimensions", Embeddings);
        yield return Bad("model spelled MODEL", "{\"MODEL\":\"gpt-4o\",\"messages\":[" + User + "]}", "MODEL");
        yield return Bad("Messages capitalized", "{\"model\":\"gpt-4o\",\"Messages\":[" + User + "]}", "Messages");

        // Found by a newcomer: type errors with param null.
        yield return Bad("model a number", "{\"model\":123,\"messages\":[" + User + "]}", "model");
        yield return Bad("temperature a string", ChatWith(",\"temperature\":\"hot\""), "temperature");
        yield return Bad("n a decimal", ChatWith(",\"n\":1.5"), "n");
        yield return Bad("stream a string", ChatWith(",\"stream\":\"yes\""), "stream");
        yield return Bad("max_tokens a string", ChatWith(",\"max_tokens\":\"5\""), "max_tokens");
        yield return Bad("seed a decimal", ChatWith(",\"seed\":1.5"), "seed");
        yield return Bad("seed a string", ChatWith(",\"seed\":\"42\""), "seed");
        yield return Bad("top_p a boolean", ChatWith(",\"top_p\":true"), "top_p");
        yield return Bad("logprobs a string", ChatWith(",\"logprobs\":\"true\""), "logprobs");
        yield return Bad("user a number", ChatWith(",\"user\":5"), "user");
        yield return Bad("role a number", ChatMessages("{\"role\":5,\"content\":\"hi\"}"), "messages[0].role");
        yield return Bad("name a number", ChatMessages("{\"role\":\"user\",\"content\":\"hi\",\"name\":5}"), "messages[0].name");
        yield return Bad("messages a string", "{\"model\":\"gpt-4o\",\"messages\":\"hi\"}", "messages");
        yield return Bad("messages an object", "{\"model\":\"gpt-4o\",\"messages\":{}}", "messages");
        yield return Bad("a message a number", "{\"model\":\"gpt-4o\",\"messages\":[5]}", "messages[0]");
        yield return Bad("logit_bias a string value", ChatWith(",\"logit_bias\":{\"50256\":\"5\"}"), "logit_bias.50256");
        yield return Bad("metadata a number value", ChatWith(",\"store\":true,\"metadata\":{\"a\":5}"), "metadata.a");
        yield return Bad("modalities a string", ChatWith(",\"modalities\":\"text\""), "modalities");
        yield return Bad("temperature huge", ChatWith(",\"temperature\":1e400"), "temperature");
        yield return Bad("n huge", ChatWith(",\"n\":1e400"), "n");
        yield return Bad("embedding dimensions a decimal", Embed(",\"input\":\"hi\",\"dimensions\":8.5"), "dimensions", Embeddings);
        yield return Bad("image n a string", Image(",\"n\":\"1\""), "n", Images);
        yield return Bad("image prompt a number", "{\"model\":\"dall-e-3\",\"prompt\":5}", "prompt", Images);
        yield return Bad("image model a number", "{\"model\":5,\"prompt\":\"p\"}", "model", Images);
        yield return Bad("embedding model an object", "{\"model\":{},\"input\":\"hi\"}", "model", Embeddings);

        // Found by a newcomer: amplification.
        yield return Bad("dimensions 8192", Embed(",\"input\":[" + string.Join(",", Enumerable.Repeat("\"word\"", 500)) + "],\"dimensions\":8192"), "dimensions", Embeddings);
        yield return Bad("2049 inputs", Embed(",\"input\":[" + string.Join(",", Enumerable.Repeat("\"w\"", 2049)) + "]"), "input", Embeddings);
        yield return Bad("an answer over the response bound", Embed(",\"input\":[" + string.Join(",", Enumerable.Repeat("\"w\"", 2048)) + "],\"dimensions\":3072"), "input", Embeddings);
        yield return Bad("a token input over 8192 tokens", Embed(",\"input\":[" + string.Join(",", Enumerable.Repeat("1", 8193)) + "]"), "input", Embeddings);

        foreach (Case item in Messages())
        {
            yield return item;
        }

        foreach (Case item in Parameters())
        {
            yield return item;
        }

        foreach (Case item in EmbeddingFields())
        {
            yield return item;
        }

        foreach (Case item in ImageFields())
        {
            yield return item;
        }

        foreach (Case item in Bodies())
        {
            yield return item;
        }
    }

    private static IEnumerable<Case> Messages()
    {
        yield return Bad("no messages", "{\"model\":\"gpt-4o\"}", "messages");
        yield return Bad("empty messages", "{\"model\":\"gpt-4o\",\"messages\":[]}", "messages");
        yield return Bad("a null message", "{\"model\":\"gpt-4o\",\"messages\":[null]}", "messages[0]");
        yield return Bad("no role", ChatMessages("{\"content\":\"hi\"}"), "messages[0].role");
        yield return Bad("an unknown role", ChatMessages("{\"role\":\"wizard\",\"content\":\"hi\"}"), "messages[0].role");
        yield return Bad("a role in capitals", ChatMessages("{\"role\":\"USER\",\"content\":\"hi\"}"), "messages[0].role");
        yield return Bad("user without content", ChatMessages("{\"role\":\"user\"}"), "messages[0].content");
        yield return Bad("user with null content", ChatMessages("{\"role\":\"user\",\"content\":null}"), "messages[0].content");
        yield return Bad("system without content", ChatMessages("{\"role\":\"system\"}", User), "messages[0].content");
        yield return Bad("developer without content", ChatMessages("{\"role\":\"developer\"}", User), "messages[0].content");
        yield return Bad("content a number", ChatMessages("{\"role\":\"user\",\"content\":5}"), "messages[0].content");
        yield return Bad("content an object", ChatMessages("{\"role\":\"user\",\"content\":{}}"), "messages[0].content");
        yield return Bad("content true", ChatMessages("{\"role\":\"user\",\"content\":true}"), "messages[0].content");
        yield return Bad("an unknown message field", ChatMessages("{\"role\":\"user\",\"content\":\"hi\",\"mood\":\"happy\"}"), "messages[0].mood");
        yield return Bad("user with tool_call_id", ChatMessages("{\"role\":\"user\",\"content\":\"hi\",\"tool_call_id\":\"c\"}"), "messages[0].tool_call_id");
        yield return Bad("user with tool_calls", ChatMessages("{\"role\":\"user\",\"content\":\"hi\",\"tool_calls\":[]}"), "messages[0].tool_calls");
        yield return Bad("user with refusal", ChatMessages("{\"role\":\"user\",\"content\":\"hi\",\"refusal\":\"no\"}"), "messages[0].refusal");
        yield return Bad("system with refusal", ChatMessages("{\"role\":\"system\",\"content\":\"hi\",\"refusal\":\"no\"}", User), "messages[0].refusal");
        yield return Bad("system with an image part", ChatMessages(Parts("system", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}"), User), "messages[0].content[0].type");
        yield return Bad("developer with a refusal part", ChatMessages(Parts("developer", "{\"type\":\"refusal\",\"refusal\":\"no\"}"), User), "messages[0].content[0].type");
        yield return Bad("tool without tool_call_id", ChatMessages(User, "{\"role\":\"tool\",\"content\":\"42\"}"), "messages[1].tool_call_id");
        yield return Bad("tool without content", ChatMessages(User, "{\"role\":\"tool\",\"tool_call_id\":\"c\"}"), "messages[1].content");
        yield return Bad("tool with a name", ChatMessages(User, "{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"c\",\"name\":\"f\"}"), "messages[1].name");
        yield return Bad("tool with an image part", ChatMessages(User, "{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}"), "messages[1].content[0].type");
        yield return Bad("function without a name", ChatMessages(User, "{\"role\":\"function\",\"content\":\"42\"}"), "messages[1].name");
        yield return Bad("function content an array", ChatMessages(User, "{\"role\":\"function\",\"name\":\"f\",\"content\":[]}"), "messages[1].content");
        yield return Bad("assistant with nothing", ChatMessages(User, "{\"role\":\"assistant\"}"), "messages[1].content");
        yield return Bad("assistant with tool_call_id", ChatMessages(User, "{\"role\":\"assistant\",\"content\":\"a\",\"tool_call_id\":\"c\"}"), "messages[1].tool_call_id");
        yield return Bad("assistant with an image part", ChatMessages(User, Parts("assistant", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}")), "messages[1].content[0].type");
        yield return Bad("empty tool_calls", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[]}"), "messages[1].tool_calls");
        yield return Bad("a tool call without an id", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"), "messages[1].tool_calls[0].id");
        yield return Bad("a tool call without a type", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"), "messages[1].tool_calls[0].type");
        yield return Bad("a tool call of an unknown type", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"shell\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"), "messages[1].tool_calls[0].type");
        yield return Bad("a tool call without a function", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\"}]}"), "messages[1].tool_calls[0].function");
        yield return Bad("a tool call without arguments", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"), "messages[1].tool_calls[0].function.arguments");
        yield return Bad("tool call arguments an object", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}"), "messages[1].tool_calls[0].function.arguments");
        yield return Bad("a tool call with an extra field", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"},\"x\":1}]}"), "messages[1].tool_calls[0].x");
        yield return Bad("a tool call a string", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[\"call\"]}"), "messages[1].tool_calls[0]");
        yield return Bad("a custom tool call without input", ChatMessages(User, "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"custom\",\"custom\":{\"name\":\"f\"}}]}"), "messages[1].tool_calls[0].custom.input");
        yield return Bad("function_call a string", ChatMessages(User, "{\"role\":\"assistant\",\"function_call\":\"f\"}"), "messages[1].function_call");
        yield return Bad("function_call without arguments", ChatMessages(User, "{\"role\":\"assistant\",\"function_call\":{\"name\":\"f\"}}"), "messages[1].function_call.arguments");
        yield return Bad("assistant audio without an id", ChatMessages(User, "{\"role\":\"assistant\",\"audio\":{}}"), "messages[1].audio.id");
        yield return Bad("a part a number", ChatMessages(Parts("user", "5")), "messages[0].content[0]");
        yield return Bad("a part without a type", ChatMessages(Parts("user", "{\"text\":\"hi\"}")), "messages[0].content[0].type");
        yield return Bad("a part of an unknown type", ChatMessages(Parts("user", "{\"type\":\"video\",\"video\":{}}")), "messages[0].content[0].type");
        yield return Bad("a part type a number", ChatMessages(Parts("user", "{\"type\":5}")), "messages[0].content[0].type");
        yield return Bad("a text part without text", ChatMessages(Parts("user", "{\"type\":\"text\"}")), "messages[0].content[0].text");
        yield return Bad("a text part with a number", ChatMessages(Parts("user", "{\"type\":\"text\",\"text\":5}")), "messages[0].content[0].text");
        yield return Bad("a text part with an extra field", ChatMessages(Parts("user", "{\"type\":\"text\",\"text\":\"a\",\"image_url\":{\"url\":\"u\"}}")), "messages[0].content[0].image_url");
        yield return Bad("an image part without image_url", ChatMessages(Parts("user", "{\"type\":\"image_url\"}")), "messages[0].content[0].image_url");
        yield return Bad("an image without a url", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{}}")), "messages[0].content[0].image_url.url");
        yield return Bad("an image url a number", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{\"url\":5}}")), "messages[0].content[0].image_url.url");
        yield return Bad("an image url empty", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"\"}}")), "messages[0].content[0].image_url.url");
        yield return Bad("an image detail unknown", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\",\"detail\":\"ultra\"}}")), "messages[0].content[0].image_url.detail");
        yield return Bad("an image with an extra field", ChatMessages(Parts("user", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\",\"width\":5}}")), "messages[0].content[0].image_url.width");
        yield return Bad("an audio part without input_audio", ChatMessages(Parts("user", "{\"type\":\"input_audio\"}")), "messages[0].content[0].input_audio");
        yield return Bad("an audio part without data", ChatMessages(Parts("user", "{\"type\":\"input_audio\",\"input_audio\":{\"format\":\"wav\"}}")), "messages[0].content[0].input_audio.data");
        yield return Bad("an audio format unknown", ChatMessages(Parts("user", "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"ogg\"}}")), "messages[0].content[0].input_audio.format");
        yield return Bad("a file part without file", ChatMessages(Parts("user", "{\"type\":\"file\"}")), "messages[0].content[0].file");
        yield return Bad("a file without data or id", ChatMessages(Parts("user", "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\"}}")), "messages[0].content[0].file.file_id");
        yield return Bad("a file id a number", ChatMessages(Parts("user", "{\"type\":\"file\",\"file\":{\"file_id\":5}}")), "messages[0].content[0].file.file_id");
        yield return Bad("a refusal part without refusal", ChatMessages(User, Parts("assistant", "{\"type\":\"refusal\"}")), "messages[1].content[0].refusal");
        yield return Bad("a user refusal part", ChatMessages(Parts("user", "{\"type\":\"refusal\",\"refusal\":\"no\"}")), "messages[0].content[0].type");
    }

    private static IEnumerable<Case> Parameters()
    {
        yield return Bad("temperature 3", ChatWith(",\"temperature\":3"), "temperature");
        yield return Bad("temperature -0.5", ChatWith(",\"temperature\":-0.5"), "temperature");
        yield return Bad("top_p 1.5", ChatWith(",\"top_p\":1.5"), "top_p");
        yield return Bad("top_p -1", ChatWith(",\"top_p\":-1"), "top_p");
        yield return Bad("presence_penalty 2.5", ChatWith(",\"presence_penalty\":2.5"), "presence_penalty");
        yield return Bad("frequency_penalty -3", ChatWith(",\"frequency_penalty\":-3"), "frequency_penalty");
        yield return Bad("n 0", ChatWith(",\"n\":0"), "n");
        yield return Bad("n -1", ChatWith(",\"n\":-1"), "n");
        yield return Bad("n 11", ChatWith(",\"n\":11"), "n");
        yield return Bad("max_tokens 0", ChatWith(",\"max_tokens\":0"), "max_tokens");
        yield return Bad("max_completion_tokens -5", ChatWith(",\"max_completion_tokens\":-5"), "max_completion_tokens");
        yield return Bad("logit_bias a key that is no token", ChatWith(",\"logit_bias\":{\"hello\":1}"), "logit_bias");
        yield return Bad("logit_bias an array", ChatWith(",\"logit_bias\":[1]"), "logit_bias");
        yield return Bad("top_logprobs without logprobs", ChatWith(",\"top_logprobs\":3"), "top_logprobs");
        yield return Bad("top_logprobs 21", ChatWith(",\"logprobs\":true,\"top_logprobs\":21"), "top_logprobs");
        yield return Bad("top_logprobs -1", ChatWith(",\"logprobs\":true,\"top_logprobs\":-1"), "top_logprobs");
        yield return Bad("five stop sequences", ChatWith(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), "stop");
        yield return Bad("an empty stop list", ChatWith(",\"stop\":[]"), "stop");
        yield return Bad("stop true", ChatWith(",\"stop\":true"), "stop");
        yield return Bad("tools an object", ChatWith(",\"tools\":{}"), "tools");
        yield return Bad("tools empty", ChatWith(",\"tools\":[]"), "tools");
        yield return Bad("a tool without a type", ChatWith(",\"tools\":[{\"function\":{\"name\":\"f\"}}]"), "tools[0].type");
        yield return Bad("a tool of an unknown type", ChatWith(",\"tools\":[{\"type\":\"retrieval\"}]"), "tools[0].type");
        yield return Bad("a function tool without a function", ChatWith(",\"tools\":[{\"type\":\"function\"}]"), "tools[0].function");
        yield return Bad("a tool name with spaces", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look up\"}}]"), "tools[0].function.name");
        yield return Bad("a tool name of 65 characters", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + new string('f', 65) + "\"}}]"), "tools[0].function.name");
        yield return Bad("a tool description a number", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":5}}]"), "tools[0].function.description");
        yield return Bad("a tool strict a string", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":\"yes\"}}]"), "tools[0].function.strict");
        yield return Bad("a tool with an extra field", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"},\"x\":1}]"), "tools[0].x");
        yield return Bad("a function with an extra field", ChatWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"returns\":{}}}]"), "tools[0].function.returns");
        yield return Bad("a custom tool without a name", ChatWith(",\"tools\":[{\"type\":\"custom\",\"custom\":{}}]"), "tools[0].custom.name");
        yield return Bad("129 tools", ChatWith(",\"tools\":[" + string.Join(",", Enumerable.Repeat(Tool, 129)) + "]"), "tools");
        yield return Bad("tool_choice without tools", ChatWith(",\"tool_choice\":\"auto\""), "tool_choice");
        yield return Bad("tool_choice an unknown mode", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":\"always\""), "tool_choice");
        yield return Bad("tool_choice without a type", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"function\":{\"name\":\"lookup\"}}"), "tool_choice.type");
        yield return Bad("tool_choice without a function", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"type\":\"function\"}"), "tool_choice.function");
        yield return Bad("tool_choice a function without a name", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"type\":\"function\",\"function\":{}}"), "tool_choice.function.name");
        yield return Bad("tool_choice allowed_tools with a bad mode", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"some\",\"tools\":[{}]}}"), "tool_choice.allowed_tools.mode");
        yield return Bad("parallel_tool_calls without tools", ChatWith(",\"parallel_tool_calls\":true"), "parallel_tool_calls");
        yield return Bad("parallel_tool_calls a string", ChatWith(",\"tools\":[" + Tool + "],\"parallel_tool_calls\":\"yes\""), "parallel_tool_calls");
        yield return Bad("functions a string", ChatWith(",\"functions\":\"f\""), "functions");
        yield return Bad("a function without a name", ChatWith(",\"functions\":[{\"parameters\":{}}]"), "functions[0].name");
        yield return Bad("function_call without functions", ChatWith(",\"function_call\":\"auto\""), "function_call");
        yield return Bad("function_call an unknown mode", ChatWith(",\"functions\":[{\"name\":\"f\"}],\"function_call\":\"always\""), "function_call");
        yield return Bad("response_format without a type", ChatWith(",\"response_format\":{}"), "response_format.type");
        yield return Bad("response_format an unknown type", ChatWith(",\"response_format\":{\"type\":\"xml\"}"), "response_format.type");
        yield return Bad("json_schema missing", ChatWith(",\"response_format\":{\"type\":\"json_schema\"}"), "response_format.json_schema");
        yield return Bad("json_schema without a name", ChatWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"), "response_format.json_schema.name");
        yield return Bad("json_schema name with a dot", ChatWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a.b\"}}"), "response_format.json_schema.name");
        yield return Bad("json_schema schema a string", ChatWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"schema\":\"{}\"}}"), "response_format.json_schema.schema");
        yield return Bad("json_schema strict a string", ChatWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"strict\":\"true\"}}"), "response_format.json_schema.strict");
        yield return Bad("json_object with a schema", ChatWith(",\"response_format\":{\"type\":\"json_object\",\"json_schema\":{\"name\":\"a\"}}"), "response_format.json_schema");
        yield return Bad("response_format with an extra field", ChatWith(",\"response_format\":{\"type\":\"text\",\"strict\":true}"), "response_format.strict");
        yield return Bad("stream_options a number", ChatWith(",\"stream\":true,\"stream_options\":5"), "stream_options");
        yield return Bad("stream_options with an extra field", ChatWith(",\"stream\":true,\"stream_options\":{\"chunk_size\":5}"), "stream_options.chunk_size");
        yield return Bad("stream_options with stream false", ChatWith(",\"stream\":false,\"stream_options\":{\"include_usage\":true}"), "stream_options");
        yield return Bad("modalities video", ChatWith(",\"modalities\":[\"video\"]"), "modalities[0]");
        yield return Bad("audio without a voice", ChatWith(",\"modalities\":[\"text\",\"audio\"],\"audio\":{\"format\":\"wav\"}"), "audio.voice");
        yield return Bad("audio format unknown", ChatWith(",\"modalities\":[\"text\",\"audio\"],\"audio\":{\"voice\":\"alloy\",\"format\":\"ogg\"}"), "audio.format");
        yield return Bad("audio a string", ChatWith(",\"audio\":\"alloy\""), "audio");
        yield return Bad("reasoning_effort max", ChatWith(",\"reasoning_effort\":\"max\""), "reasoning_effort");
        yield return Bad("service_tier gold", ChatWith(",\"service_tier\":\"gold\""), "service_tier");
        yield return Bad("verbosity loud", ChatWith(",\"verbosity\":\"loud\""), "verbosity");
        yield return Bad("prediction a string", ChatWith(",\"prediction\":\"text\""), "prediction");
        yield return Bad("prediction of an unknown type", ChatWith(",\"prediction\":{\"type\":\"diff\",\"content\":\"x\"}"), "prediction.type");
        yield return Bad("prediction without content", ChatWith(",\"prediction\":{\"type\":\"content\"}"), "prediction.content");
        yield return Bad("web_search_options a string", ChatWith(",\"web_search_options\":\"on\""), "web_search_options");
        yield return Bad("metadata with 17 pairs", ChatWith(",\"metadata\":{" + string.Join(",", Enumerable.Range(0, 17).Select(i => "\"k" + i + "\":\"v\"")) + "}"), "metadata");
        yield return Bad("a metadata value of 513 characters", ChatWith(",\"metadata\":{\"k\":\"" + new string('v', 513) + "\"}"), "metadata.k");
        yield return Bad("store a string", ChatWith(",\"store\":\"yes\""), "store");
        yield return Bad("an unknown field", ChatWith(",\"top_k\":5"), "top_k");
        yield return Bad("another unknown field", ChatWith(",\"repetition_penalty\":1.1"), "repetition_penalty");
        yield return Bad("a misspelled field", ChatWith(",\"temprature\":0.5"), "temprature");
        yield return Bad("a model in capitals beside the model", ChatWith(",\"MODEL\":\"gpt-4o\""), "MODEL");
        yield return Bad("no model", "{\"messages\":[" + User + "]}", "model");
        yield return Bad("an empty model", "{\"model\":\"\",\"messages\":[" + User + "]}", "model");
        yield return Bad("a blank model", "{\"model\":\"  \",\"messages\":[" + User + "]}", "model");
        yield return Bad("a model with a line break", "{\"model\":\"gpt-4o\\r\\nx-evil: 1\",\"messages\":[" + User + "]}", "model");
        yield return Bad("a model with a nul", "{\"model\":\"gpt\\u0000\",\"messages\":[" + User + "]}", "model");
        yield return Bad("a model of 300 characters", "{\"model\":\"" + new string('m', 300) + "\",\"messages\":[" + User + "]}", "model");
    }

    private static IEnumerable<Case> EmbeddingFields()
    {
        yield return Bad("no input", Embed(string.Empty), "input", Embeddings);
        yield return Bad("input null", Embed(",\"input\":null"), "input", Embeddings);
        yield return Bad("input empty array", Embed(",\"input\":[]"), "input", Embeddings);
        yield return Bad("input an object", Embed(",\"input\":{\"a\":1}"), "input", Embeddings);
        yield return Bad("input a number", Embed(",\"input\":5"), "input", Embeddings);
        yield return Bad("input of booleans", Embed(",\"input\":[true]"), "input[0]", Embeddings);
        yield return Bad("input an empty string in a list", Embed(",\"input\":[\"ok\",\"\"]"), "input[1]", Embeddings);
        yield return Bad("input strings and numbers", Embed(",\"input\":[\"ok\",5]"), "input[1]", Embeddings);
        yield return Bad("input a negative token", Embed(",\"input\":[1,-2]"), "input[1]", Embeddings);
        yield return Bad("input a decimal token", Embed(",\"input\":[1,2.5]"), "input[1]", Embeddings);
        yield return Bad("input tokens and a string", Embed(",\"input\":[1,\"a\"]"), "input[1]", Embeddings);
        yield return Bad("input an empty token array", Embed(",\"input\":[[]]"), "input[0]", Embeddings);
        yield return Bad("input a token array with a string", Embed(",\"input\":[[1,\"a\"]]"), "input[0][1]", Embeddings);
        yield return Bad("input token arrays and a string", Embed(",\"input\":[[1],\"a\"]"), "input[1]", Embeddings);
        yield return Bad("dimensions 0", Embed(",\"input\":\"hi\",\"dimensions\":0"), "dimensions", Embeddings);
        yield return Bad("dimensions -1", Embed(",\"input\":\"hi\",\"dimensions\":-1"), "dimensions", Embeddings);
        yield return Bad("dimensions 3073", Embed(",\"input\":\"hi\",\"dimensions\":3073"), "dimensions", Embeddings);
        yield return Bad("dimensions 100000000", Embed(",\"input\":\"hi\",\"dimensions\":100000000"), "dimensions", Embeddings);
        yield return Bad("encoding_format hex", Embed(",\"input\":\"hi\",\"encoding_format\":\"hex\""), "encoding_format", Embeddings);
        yield return Bad("encoding_format a number", Embed(",\"input\":\"hi\",\"encoding_format\":1"), "encoding_format", Embeddings);
        yield return Bad("embedding user a number", Embed(",\"input\":\"hi\",\"user\":5"), "user", Embeddings);
        yield return Bad("an unknown embedding field", Embed(",\"input\":\"hi\",\"truncate\":true"), "truncate", Embeddings);
        yield return Bad("embedding without a model", "{\"input\":\"hi\"}", "model", Embeddings);
        yield return Bad("embedding input spelled INPUT", "{\"model\":\"e\",\"INPUT\":\"hi\"}", "INPUT", Embeddings);
    }

    private static IEnumerable<Case> ImageFields()
    {
        yield return Bad("no prompt", "{\"model\":\"dall-e-3\"}", "prompt", Images);
        yield return Bad("an empty prompt", "{\"model\":\"dall-e-3\",\"prompt\":\"\"}", "prompt", Images);
        yield return Bad("a prompt of 32001 characters", "{\"model\":\"dall-e-3\",\"prompt\":\"" + new string('p', 32_001) + "\"}", "prompt", Images);
        yield return Bad("n 0 images", Image(",\"n\":0"), "n", Images);
        yield return Bad("n 11 images", Image(",\"n\":11"), "n", Images);
        yield return Bad("n 10000000 images", Image(",\"n\":10000000"), "n", Images);
        yield return Bad("size 1000x1000", Image(",\"size\":\"1000x1000\""), "size", Images);
        yield return Bad("size a number", Image(",\"size\":1024"), "size", Images);
        yield return Bad("quality ultra", Image(",\"quality\":\"ultra\""), "quality", Images);
        yield return Bad("style bold", Image(",\"style\":\"bold\""), "style", Images);
        yield return Bad("response_format png", Image(",\"response_format\":\"png\""), "response_format", Images);
        yield return Bad("background red", Image(",\"background\":\"red\""), "background", Images);
        yield return Bad("moderation strict", Image(",\"moderation\":\"strict\""), "moderation", Images);
        yield return Bad("output_compression 101", Image(",\"output_compression\":101"), "output_compression", Images);
        yield return Bad("output_compression -1", Image(",\"output_compression\":-1"), "output_compression", Images);
        yield return Bad("output_format gif", Image(",\"output_format\":\"gif\""), "output_format", Images);
        yield return Bad("an unknown image field", Image(",\"seed\":5"), "seed", Images);
        yield return Bad("image without a model", "{\"prompt\":\"p\"}", "model", Images);
    }

    private static IEnumerable<Case> Bodies()
    {
        foreach ((string route, string name) in new[] { (Chat, "chat"), (Embeddings, "embeddings"), (Images, "images") })
        {
            yield return Bad($"{name}: malformed json", "{\"model\": \"gpt-4o\", \"messages\": [", null, route);
            yield return Bad($"{name}: a trailing comma", "{\"model\": \"m\",}", null, route);
            yield return Bad($"{name}: an array body", "[1, 2, 3]", null, route);
            yield return Bad($"{name}: a string body", "\"hello\"", null, route);
            yield return Bad($"{name}: a null body", "null", null, route);
            yield return Bad($"{name}: an empty body", string.Empty, null, route);
            yield return Bad($"{name}: two objects", "{} {}", null, route);
            yield return Bad($"{name}: a comment", "{/* c */ \"model\": \"m\"}", null, route);
            yield return Bad($"{name}: single quotes", "{'model': 'm'}", null, route);
            yield return Bad($"{name}: a lone surrogate in the model", "{\"model\":\"m\\ud800\"}", "model", route);
        }
    }

    private static Case Bad(string name, string body, string? param, string route = Chat) => new(name, route, body, "application/json", 400, param);
}
