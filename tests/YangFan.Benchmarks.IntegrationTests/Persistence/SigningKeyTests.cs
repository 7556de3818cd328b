using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

public sealed class SigningKeyTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public void Production_refuses_to_start_without_a_signing_key()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, TempDirectory());
        settings["Auth:SigningKey"] = null;
        using var factory = new ApiFactory(settings, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Auth:SigningKey is not set", Flatten(error));
    }

    [Fact]
    public void A_signing_key_shorter_than_256_bits_is_refused_in_any_environment()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, TempDirectory());
        settings["Auth:SigningKey"] = "too-short-key";
        using var factory = new ApiFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("at least 256 bits", Flatten(error));
    }

    [Fact]
    public async Task Outside_production_a_key_is_generated_once_into_the_data_folder_and_reused()
    {
        var data = TempDirectory();
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, data);
        settings["Auth:SigningKey"] = null;

        await using (var first = new ApiFactory(settings))
            _ = first.Server;
        var keyFile = Path.Combine(data, "keys", "jwt-signing.key");
        var key = await File.ReadAllTextAsync(keyFile);
        await using (var second = new ApiFactory(settings))
        {
            _ = second.Server;
            // A token issued by the second process is accepted, so it signs with the key it found on disk.
            var client = await Calls.SignedInAsync(second, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
            await Expect.StatusAsync(await client.GetAsync("/api/users"), System.Net.HttpStatusCode.OK);
        }

        Assert.True(Convert.FromBase64String(key).Length >= 32);
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), $"yangfan-key-{Guid.NewGuid():N}");

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        return string.Join(" | ", messages);
    }
}
