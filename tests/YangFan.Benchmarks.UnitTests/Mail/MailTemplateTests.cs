using System.Reflection;
using YangFan.Benchmarks.Api.Mail;

namespace YangFan.Benchmarks.UnitTests.Mail;

/// <summary>
/// Every event's templates render in both languages with the values its writer gives (the event's values record), so a
/// template cannot name a value the writer does not give, a template file cannot exist without an event, and an event
/// cannot lack a language.
/// </summary>
public class MailTemplateTests
{
    public static TheoryData<string, string> EventsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in MailEvents.All)
            foreach (var language in new[] { Outbox.Chinese, Outbox.English })
                data.Add(e.Name, language);
        return data;
    }

    [Theory]
    [MemberData(nameof(EventsAndLanguages))]
    public void Every_event_renders_in_both_languages_with_the_values_its_writer_gives(string name, string language)
    {
        var e = MailEvents.Find(name)!;
        var values = Sample(e);

        var given = Outbox.Values(values);
        var mail = MailTemplates.Render(e.Template, language, given);

        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.False(string.IsNullOrWhiteSpace(mail.Body));
        Assert.DoesNotContain("{{", mail.Subject + mail.Body);
        // Each value the template names made it into the text.
        foreach (var placeholder in MailTemplates.Placeholders(e.Template))
            Assert.Contains(given[placeholder]!.ToString()!, mail.Subject + mail.Body);
        if (language == Outbox.Chinese)
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", mail.Subject);
        else
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", mail.Subject.Replace(SampleText("application"), "").Replace(SampleText("organisation"), "")
                .Replace(SampleText("directory"), "").Replace(SampleText("inviter"), "").Replace(SampleText("name"), ""));
    }

    [Fact]
    public void Every_event_declares_the_record_of_values_its_writer_gives()
    {
        Assert.All(MailEvents.All, e => Assert.True(e.Values is { IsClass: true }, $"{e.Name} declares no values record"));
    }

    [Fact]
    public void Every_template_file_belongs_to_an_event()
    {
        var templates = MailEvents.All.Select(e => e.Template).ToHashSet();

        Assert.Empty(MailTemplates.Names.Where(n => !templates.Contains(n)));
    }

    [Fact]
    public void Every_name_a_template_uses_is_a_value_its_event_gives()
    {
        Assert.All(MailEvents.All, e =>
        {
            var given = e.Values!.GetProperties().Select(p => Outbox.TemplateName(p.Name)).ToHashSet();
            Assert.Empty(MailTemplates.Placeholders(e.Template).Where(p => !given.Contains(p)));
        });
    }

    [Fact]
    public void Event_names_are_unique_and_optional_ones_can_be_listed()
    {
        Assert.Equal(MailEvents.All.Count, MailEvents.All.Select(e => e.Name).Distinct().Count());
        Assert.Contains(MailEvents.EnteredNotice, MailEvents.Optional);
        Assert.DoesNotContain(MailEvents.Returned, MailEvents.Optional);
    }

    [Fact]
    public void A_template_naming_a_value_it_is_not_given_is_refused()
    {
        var values = Outbox.Values(Sample(MailEvents.Returned));
        var without = values.Where(v => v.Key != "reason").ToDictionary(v => v.Key, v => v.Value);

        var refusal = Assert.Throws<InvalidOperationException>(() => MailTemplates.Render(MailEvents.Returned.Template, Outbox.English, without));
        Assert.Contains("{{reason}}", refusal.Message);
    }

    /// <summary>The event's values record with a recognisable value for each property (what its writer fills in).</summary>
    private static object Sample(MailEvent e)
    {
        var constructor = e.Values!.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)7
            : SampleText(Outbox.TemplateName(p.Name!))).ToArray();
        return constructor.Invoke(arguments);
    }

    private static string SampleText(string name) => $"<{name}>";
}
