using System.Text.Json;

namespace YangFan.Benchmarks.Forms;

/// <summary>What a failed schema keyword means to an applicant, in Chinese and English.</summary>
public static class ContentMessages
{
    public static readonly LocalizedText Required = new("必填", "Required.");
    public static readonly LocalizedText UnknownField = new("表单中没有这一项", "Unknown field.");
    public static readonly LocalizedText NotAnObject = new("内容必须是 JSON 对象", "Must be a JSON object.");
    public static readonly LocalizedText NotEmpty = new("不能为空", "Must not be empty.");
    public static readonly LocalizedText GivenTwice = new("同一字段出现了两次", "Given twice.");

    /// <summary>The message for <paramref name="keyword"/> failing at a place whose subschema is <paramref name="schema"/>.</summary>
    public static LocalizedText For(string keyword, JsonElement? schema, string libraryMessage)
    {
        JsonElement? Value() => schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var v) ? v : null;
        var value = Value();
        var n = value?.ValueKind == JsonValueKind.Number ? value.Value.GetRawText() : "?";
        return keyword switch
        {
            "" or "additionalProperties" or "unevaluatedProperties" or "false" => UnknownField,
            "required" => Required,
            "type" => TypeMessage(schema),
            "enum" => new LocalizedText("不是可选的值", "Must be one of: " + string.Join(", ", FormSchema.EnumValues(schema!.Value) ?? []) + "."),
            "const" => new LocalizedText("不是规定的值", "Must be " + value?.GetRawText() + "."),
            "maxLength" => new LocalizedText($"不能超过 {n} 个字符", $"At most {n} characters."),
            "minLength" => n == "1" ? NotEmpty : new LocalizedText($"不能少于 {n} 个字符", $"At least {n} characters."),
            "maximum" => new LocalizedText($"不能大于 {n}", $"Must be at most {n}."),
            "minimum" => new LocalizedText($"不能小于 {n}", $"Must be at least {n}."),
            "exclusiveMaximum" => new LocalizedText($"必须小于 {n}", $"Must be less than {n}."),
            "exclusiveMinimum" => new LocalizedText($"必须大于 {n}", $"Must be more than {n}."),
            "multipleOf" => new LocalizedText($"必须是 {n} 的倍数", $"Must be a multiple of {n}."),
            "maxItems" => new LocalizedText($"最多 {n} 项", $"At most {n} items."),
            "minItems" => n == "1" ? new LocalizedText("至少填写一项", "At least one item is required.") : new LocalizedText($"至少 {n} 项", $"At least {n} items."),
            "uniqueItems" => new LocalizedText("不能有重复的项", "Must not repeat a value."),
            "pattern" when value?.GetString() == @"\S" => NotEmpty,
            "pattern" => new LocalizedText("格式不正确", $"Must match the pattern {value?.GetString()}."),
            "format" => value?.GetString() switch
            {
                "date" => new LocalizedText("应为日期（yyyy-MM-dd）", "Must be a date (yyyy-MM-dd)."),
                "email" => new LocalizedText("应为电子邮件地址", "Must be an email address."),
                var format => new LocalizedText($"格式应为 {format}", $"Must be in the format {format}."),
            },
            _ => new LocalizedText("不符合要求：" + libraryMessage, libraryMessage),
        };
    }

    private static LocalizedText TypeMessage(JsonElement? schema)
    {
        var types = schema is { } s ? FormSchema.Types(s) : new HashSet<string>();
        var zh = string.Join("或", types.Select(t => t switch
        {
            "string" => "文字", "integer" => "整数", "number" => "数字", "boolean" => "是或否", "array" => "列表", "object" => "对象", _ => t,
        }));
        var en = string.Join(" or ", types.Select(t => t switch
        {
            "string" => "text", "integer" => "a whole number", "number" => "a number", "boolean" => "true or false",
            "array" => "a list", "object" => "an object", _ => t,
        }));
        return new LocalizedText($"应为{zh}", $"Must be {en}.");
    }
}
