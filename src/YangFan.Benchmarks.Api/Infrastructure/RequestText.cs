using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// The one place that decides which text a request may carry: no NUL character (PostgreSQL cannot store it in
/// <c>text</c> or <c>jsonb</c>), valid UTF-8, and JSON objects without duplicate members. JSON bodies are checked
/// while they are read (<see cref="Configure"/>), query strings by <see cref="RequestTextMiddleware"/>, and form
/// fields by <see cref="MultipartForm"/>; a failure is a 400 naming the member, parameter or field.
/// </summary>
public static class RequestText
{
    public const string NulMessage = "Must not contain the NUL character (U+0000).";

    public static bool HasNul(string? value) => value is not null && value.Contains('\0');

    /// <summary>
    /// How Kestrel decodes request header values: UTF-8 that turns an invalid byte into U+FFFD instead of refusing the
    /// request before the application runs (Kestrel's own 400 has no body). <see cref="RequestTextMiddleware"/> then
    /// refuses such a header with a problem.
    /// </summary>
    public static readonly Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Makes a serializer refuse duplicate members (in any letter case), NUL characters and invalid UTF-8.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new CheckedString());
        options.Converters.Add(new CheckedElement());
        return options;
    }

    /// <summary>A 400 for a query parameter or form field holding a NUL character, when there is one.</summary>
    public static void RefuseNul(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> fields)
    {
        foreach (var (name, values) in fields)
            if (HasNul(name) || values.Any(HasNul))
                throw ProblemException.Invalid(HasNul(name) ? "$name" : name, NulMessage);
    }

    private static string Read(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException("Must be valid UTF-8 text.");
        }
        return HasNul(value) ? throw new JsonException(NulMessage) : value;
    }

    private sealed class CheckedString : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? RequestText.Read(ref reader)
                : throw new JsonException("The value has the wrong JSON type for this field.");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            RequestText.Read(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }

    /// <summary>Free-form JSON (application content, transition data, workflow definitions) gets the same checks.</summary>
    private sealed class CheckedElement : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var element = JsonElement.ParseValue(ref reader);
            Check(element, "$");
            return element;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        private static void Check(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in element.EnumerateObject())
                    {
                        var name = Text(() => member.Name, path);
                        var at = $"{path}.{name}";
                        if (!names.Add(name))
                            throw Failure($"Duplicate member '{name}'.", at);
                        if (HasNul(name))
                            throw Failure(NulMessage, at);
                        Check(member.Value, at);
                    }
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                        Check(item, $"{path}[{index++}]");
                    break;
                case JsonValueKind.String:
                    if (HasNul(Text(() => element.GetString()!, path)))
                        throw Failure(NulMessage, path);
                    break;
            }
        }

        private static string Text(Func<string> read, string path)
        {
            try
            {
                return read();
            }
            catch (InvalidOperationException)
            {
                throw Failure("Must be valid UTF-8 text.", path);
            }
        }

        // The serializer prefixes the path of the element itself; this names the member inside it.
        private static JsonException Failure(string message, string path) =>
            new($"{message} (at {path} inside this value)");
    }
}

/// <summary>
/// Refuses, before any endpoint binds them, a query string with a NUL character and a header that was not valid
/// UTF-8. (A path with <c>%00</c> never gets here: Kestrel refuses it.)
/// </summary>
public sealed class RequestTextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        RequestText.RefuseNul(request.Query);
        foreach (var (name, values) in request.Headers)
            if (values.Any(v => v is not null && v.Contains('\uFFFD')))
                throw ProblemException.Invalid(name, "Must be valid UTF-8 (or plain ASCII).");
        return next(context);
    }
}

/// <summary>
/// Reads a <c>multipart/form-data</c> body: another media type is a 415, a body the multipart reader cannot read
/// (truncated, a bad boundary, a CR or LF inside a part header) a 400, a field with a NUL character a 400.
/// </summary>
public static class MultipartForm
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, string expected, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw ProblemException.UnsupportedMediaType($"Send multipart/form-data with {expected}.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException))
        {
            // InvalidDataException: a malformed part; IOException: the body ended inside a part ("Unexpected end of Stream").
            throw ProblemException.MalformedMultipart(ex.Message);
        }
        RequestText.RefuseNul(form);
        return form;
    }
}
