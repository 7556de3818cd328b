using Mediator;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// Uploads are streamed, not buffered whole (ADR 0044): a command that takes a file carries an <see cref="Upload"/>, whose
/// content stays where the form reader spooled it until the intake streams it into the store, never the file's bytes.
/// </summary>
public class UploadContentTests
{
    [Fact]
    public void No_command_carries_content_as_bytes()
    {
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBaseCommand).IsAssignableFrom(t))
            .ToList();
        var carryingBytes = commands
            .SelectMany(c => c.GetProperties().Where(p => CarriesBytes(p.PropertyType)).Select(p => $"{c.DeclaringType?.Name ?? c.Name}.{p.Name}"))
            .ToList();

        Assert.NotEmpty(commands);
        Assert.True(carryingBytes.Count == 0, "Commands carrying bytes instead of an Upload: " + string.Join(", ", carryingBytes));
    }

    [Fact]
    public void The_file_commands_carry_uploads()
    {
        var carryingUploads = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBaseCommand).IsAssignableFrom(t)
                && t.GetProperties().Any(p => p.PropertyType == typeof(Upload)))
            .Select(t => t.DeclaringType!.Name)
            .Order()
            .ToList();

        Assert.Equal(["FileClaim", "SubmitObjection", "UploadAttachment", "UploadFormTemplate", "UploadOrganisationDocument"], carryingUploads);
    }

    private static bool CarriesBytes(Type type) =>
        type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) || type == typeof(Memory<byte>)
        || (type.IsGenericType && type.GetGenericArguments().Any(CarriesBytes));
}
