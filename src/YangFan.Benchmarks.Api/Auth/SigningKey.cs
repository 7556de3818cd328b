using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>The symmetric key our access tokens are signed with.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public SymmetricSecurityKey Key { get; } = key;

    /// <summary>
    /// A configured key wins (and must be long enough anywhere). Without one, Production refuses to start;
    /// other environments generate a random key once and keep it in the data folder, never in the repository.
    /// </summary>
    public static SigningKey Resolve(AuthOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            if (bytes.Length < AuthOptions.MinimumKeyBytes)
                throw new InvalidOperationException(
                    $"Auth:SigningKey is {bytes.Length * 8} bits; at least {AuthOptions.MinimumKeyBytes * 8} bits " +
                    "(32 bytes) are required. Generate one with: openssl rand -base64 48");
            return new SigningKey(new SymmetricSecurityKey(bytes));
        }

        if (environment.IsProduction())
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. In Production a key of at least 256 bits (32 bytes) is required, " +
                "e.g. set the environment variable Auth__SigningKey to the output of: openssl rand -base64 48");

        var keyFile = Path.Combine(dataDirectory, "keys", "jwt-signing.key");
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            File.WriteAllText(keyFile, generated);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new SigningKey(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(File.ReadAllText(keyFile).Trim())));
    }
}
