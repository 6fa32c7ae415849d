using Gateway.Contracts;

namespace Gateway.Validation;

/// <summary>An image generation request as OpenAI takes it: a prompt, a count, and sizes, qualities and formats it knows.</summary>
internal static class ImageRequestRules
{
    public const int MaxImages = 10;
    public const int MaxPromptLength = 32_000;

    private static readonly string[] Sizes = ["auto", "256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792"];
    private static readonly string[] Qualities = ["auto", "standard", "hd", "low", "medium", "high"];
    private static readonly string[] Styles = ["vivid", "natural"];
    private static readonly string[] ResponseFormats = ["url", "b64_json"];
    private static readonly string[] Backgrounds = ["auto", "transparent", "opaque"];
    private static readonly string[] Moderations = ["auto", "low"];
    private static readonly string[] OutputFormats = ["png", "jpeg", "webp"];

    public static RequestError? Check(ImageRequest request, bool allowUnknownFields) =>
        (allowUnknownFields ? null : CommonRules.NoUnknownFields(request.Extra))
        ?? CommonRules.Model(request.Model)
        ?? Prompt(request.Prompt)
        ?? CommonRules.Range(request.N, 1, MaxImages, "n")
        ?? CommonRules.OneOf(request.Size, "size", Sizes)
        ?? CommonRules.OneOf(request.Quality, "quality", Qualities)
        ?? CommonRules.OneOf(request.Style, "style", Styles)
        ?? CommonRules.OneOf(request.ResponseFormat, "response_format", ResponseFormats)
        ?? CommonRules.OneOf(request.Background, "background", Backgrounds)
        ?? CommonRules.OneOf(request.Moderation, "moderation", Moderations)
        ?? CommonRules.Range(request.OutputCompression, 0, 100, "output_compression")
        ?? CommonRules.OneOf(request.OutputFormat, "output_format", OutputFormats);

    private static RequestError? Prompt(string? prompt) =>
        prompt is null ? Invalid.Missing("prompt")
        : string.IsNullOrWhiteSpace(prompt) ? Invalid.EmptyString("prompt")
        : prompt.Length > MaxPromptLength ? Invalid.StringTooLong("prompt", MaxPromptLength, prompt.Length)
        : null;
}
