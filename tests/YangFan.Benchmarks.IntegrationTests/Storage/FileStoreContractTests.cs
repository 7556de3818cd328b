using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Storage;

/// <summary>
/// What every file store promises its callers, run once against each store (<see cref="LocalFileStoreTests"/>,
/// <see cref="S3FileStoreTests"/>): content comes back byte for byte under its SHA-256, the same content is kept once
/// however many saves race, large content passes through as a stream, a missing file is a
/// <see cref="FileNotFoundException"/> and a key that is no SHA-256 is refused.
/// </summary>
public abstract class FileStoreContract
{
    protected abstract IFileStore Store { get; }

    /// <summary>How many pieces of content the store holds.</summary>
    protected abstract Task<int> StoredCountAsync();

    [Fact]
    public async Task Content_saved_under_its_hash_opens_as_the_same_bytes()
    {
        var content = RandomNumberGenerator.GetBytes(70_000);

        await Store.SaveAsync(Sha256(content), new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync(Sha256(content)));
    }

    [Fact]
    public async Task The_same_content_saved_twice_and_eight_times_at_once_is_kept_once()
    {
        var content = RandomNumberGenerator.GetBytes(40_000);
        var sha256 = Sha256(content);

        await Store.SaveAsync(sha256, new MemoryStream(content), CancellationToken.None);
        await Store.SaveAsync(sha256, new MemoryStream(content), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.SaveAsync(sha256, new MemoryStream(content), CancellationToken.None))));

        Assert.Equal(1, await StoredCountAsync());
        Assert.Equal(content, await ReadAllAsync(sha256));
    }

    [Fact]
    public async Task Thirty_megabytes_pass_through_as_streams_and_come_back_whole()
    {
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedContent(30 * 1024 * 1024)));
        var content = new GeneratedContent(30 * 1024 * 1024);

        await Store.SaveAsync(sha256, content, CancellationToken.None);

        await using var opened = await Store.OpenAsync(sha256, CancellationToken.None);
        Assert.IsNotType<MemoryStream>(opened);
        Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(opened)));
        // Read in pieces, never as one array the size of the content.
        Assert.True(content.LargestRead <= 1024 * 1024, $"The store read {content.LargestRead} bytes at once.");
        await LargeContentStoredAsync(sha256);
    }

    /// <summary>What the store shows of how it kept large content (the S3 store: a multipart upload).</summary>
    protected virtual Task LargeContentStoredAsync(string sha256) => Task.CompletedTask;

    [Fact]
    public async Task Opening_content_never_saved_throws_file_not_found_as_a_missing_local_file_does()
    {
        var sha256 = Sha256(RandomNumberGenerator.GetBytes(16));

        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenAsync(sha256, CancellationToken.None));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("not-a-hash")]
    [InlineData("zz11111111111111111111111111111111111111111111111111111111111111")]
    public async Task A_key_that_is_no_sha256_is_refused_for_saving_and_opening(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenAsync(key, CancellationToken.None));
        Assert.Equal(0, await StoredCountAsync());
    }

    protected static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task<byte[]> ReadAllAsync(string sha256)
    {
        await using var opened = await Store.OpenAsync(sha256, CancellationToken.None);
        using var copy = new MemoryStream();
        await opened.CopyToAsync(copy);
        return copy.ToArray();
    }
}

public sealed class LocalFileStoreTests : FileStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"yangfan-files-{Guid.NewGuid():N}");

    public LocalFileStoreTests() => Store = new LocalFileStore(_root);

    protected override IFileStore Store { get; }

    protected override Task<int> StoredCountAsync() =>
        Task.FromResult(Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count() : 0);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The S3 store against s3rver, each test under a key prefix of its own in the one bucket.</summary>
public sealed class S3FileStoreTests : FileStoreContract, IClassFixture<S3rverServer>, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _client;
    private readonly List<string> _sent = [];

    public S3FileStoreTests(S3rverServer server)
    {
        _options = server.Options(keyPrefix: $"test-{Guid.NewGuid():N}/");
        _client = _options.CreateClient();
        Store = new S3FileStore(RecordedCalls.Of<IAmazonS3>(_client, _sent), _options);
    }

    protected override IFileStore Store { get; }

    protected override async Task<int> StoredCountAsync() =>
        (await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.KeyPrefix })).KeyCount ?? 0;

    protected override async Task LargeContentStoredAsync(string sha256)
    {
        // 30 MiB in parts of 8 MiB: a multipart upload of four parts, never one PUT of the whole.
        lock (_sent)
        {
            Assert.Equal(4, _sent.Count(name => name == nameof(IAmazonS3.UploadPartAsync)));
            Assert.Contains(nameof(IAmazonS3.CompleteMultipartUploadAsync), _sent);
            Assert.DoesNotContain(nameof(IAmazonS3.PutObjectAsync), _sent);
        }
        var stored = await _client.GetObjectMetadataAsync(_options.Bucket, $"{_options.KeyPrefix}{sha256[..2]}/{sha256[2..4]}/{sha256}");
        Assert.Equal(30 * 1024 * 1024, stored.ContentLength);
    }

    [Fact]
    public async Task Content_is_kept_under_the_prefix_and_the_local_layout_of_its_hash()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var sha256 = Sha256(content);

        await Store.SaveAsync(sha256, new MemoryStream(content), CancellationToken.None);

        var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.KeyPrefix });
        Assert.Equal($"{_options.KeyPrefix}{sha256[..2]}/{sha256[2..4]}/{sha256}", Assert.Single(listed.S3Objects).Key);
    }

    [Fact]
    public async Task The_readiness_check_is_healthy_while_the_bucket_answers_and_unhealthy_when_it_does_not()
    {
        var missing = new S3StorageOptions
        {
            ServiceUrl = _options.ServiceUrl, Bucket = "no-such-bucket", AccessKey = _options.AccessKey, SecretKey = _options.SecretKey,
            ForcePathStyle = true,
        };

        var ready = await new FileStoreReadyCheck(new S3FileStore(_client, _options)).CheckHealthAsync(new HealthCheckContext());
        var notReady = await new FileStoreReadyCheck(new S3FileStore(_client, missing)).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal(HealthStatus.Unhealthy, notReady.Status);
    }

    [Theory]
    [InlineData("Bucket", "Storage:S3:Bucket is required")]
    [InlineData("ServiceUrl", "Storage:S3:ServiceUrl is required")]
    [InlineData("SecretKey", "Storage:S3:AccessKey and Storage:S3:SecretKey go together")]
    public void A_host_told_to_use_s3_without_a_required_setting_refuses_to_start_and_names_it(string missing, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3", ["Storage:S3:ServiceUrl"] = "http://127.0.0.1:9000", ["Storage:S3:Bucket"] = "files",
            ["Storage:S3:AccessKey"] = "key", ["Storage:S3:SecretKey"] = "secret",
        };
        settings.Remove($"Storage:S3:{missing}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var refusal = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFileStorage(configuration, Path.GetTempPath()));

        Assert.StartsWith(message, refusal.Message);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>An interface's calls passed on to <c>inner</c>, each method's name noted first.</summary>
public class RecordedCalls : System.Reflection.DispatchProxy
{
    private object _inner = null!;
    private List<string> _calls = null!;

    public static T Of<T>(T inner, List<string> calls) where T : class
    {
        var proxy = Create<T, RecordedCalls>();
        var recorder = (RecordedCalls)(object)proxy;
        (recorder._inner, recorder._calls) = (inner, calls);
        return proxy;
    }

    protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
    {
        lock (_calls)
            _calls.Add(method!.Name);
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (System.Reflection.TargetInvocationException thrown) when (thrown.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(thrown.InnerException);
            throw;
        }
    }
}

/// <summary>
/// Content of any length made up as it is read, never held: a store that buffered it whole would show it in
/// <see cref="LargestRead"/>. Seekable with a known length, as the callers' streams are.
/// </summary>
public sealed class GeneratedContent(long length) : Stream
{
    public int LargestRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        LargestRead = Math.Max(LargestRead, buffer.Length);
        var count = (int)Math.Min(buffer.Length, length - Position);
        for (var i = 0; i < count; i++)
        {
            var at = (ulong)(Position + i);
            buffer[i] = (byte)((at * 2654435761UL) >> 13 ^ at >> 7);
        }
        Position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
