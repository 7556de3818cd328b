using System.Text.Json;
using MiniExcelLibs;

// The application-form template of each form in the folder: one row per field (Chinese and English labels), a column
// to fill in, the applicant's name and code at the top and the declaration to sign and seal at the end.
var folder = args.Length > 0 ? args[0] : "forms";
foreach (var file in Directory.GetFiles(folder, "*.json").Order())
{
    var form = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
    var rows = new List<Dictionary<string, object>>();
    void Row(string section, string zh, string en) =>
        rows.Add(new() { ["部分 Section"] = section, ["项目 Item"] = zh, ["Item"] = en, ["填写内容 Your answer"] = "" });
    static string Text(JsonElement e, string name, string language) => e.GetProperty(name).GetProperty(language).GetString()!;

    Row("", Text(form, "title", "zh"), Text(form, "title", "en"));
    Row("申报单位 Applicant", "单位名称（盖章）", "Organisation (seal)");
    Row("申报单位 Applicant", "统一社会信用代码", "Unified Social Credit Code");
    foreach (var section in form.GetProperty("sections").EnumerateArray())
    {
        var heading = $"{Text(section, "title", "zh")} {Text(section, "title", "en")}";
        foreach (var field in section.GetProperty("fields").EnumerateArray())
        {
            Row(heading, Text(field, "label", "zh"), Text(field, "label", "en"));
            if (field.TryGetProperty("fields", out var columns))
                foreach (var column in columns.EnumerateArray())
                    Row(heading, "　└ " + Text(column, "label", "zh"), "  - " + Text(column, "label", "en"));
        }
    }
    Row("声明 Declaration", "本单位承诺所填内容真实、准确（负责人签字、加盖公章）", "We declare the above true and accurate (signature and seal)");

    var output = Path.Combine(folder, "templates", $"{form.GetProperty("key").GetString()}-application-form.xlsx");
    File.Delete(output);
    MiniExcel.SaveAs(output, rows, sheetName: "申报书");
    Console.WriteLine($"{output}: {new FileInfo(output).Length} bytes");
}
