using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace YangFan.Benchmarks.Api.Storage;

/// <summary>
/// Configuration section <c>Storage:S3</c>: an S3-compatible bucket (MinIO, Ceph, Alibaba Cloud OSS, AWS). The access
/// key and secret come from the environment or user secrets (<c>Storage__S3__AccessKey</c>), never from the repository;
/// without them the SDK's own chain is asked (environment, profile, instance role).
/// </summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint, e.g. <c>http://minio:9000</c>, <c>https://oss-cn-hangzhou.aliyuncs.com</c>, <c>https://s3.eu-west-1.amazonaws.com</c>.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The region requests are signed for; MinIO and Ceph accept the default.</summary>
    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary><c>http://host/bucket/key</c> instead of <c>http://bucket.host/key</c>: true for MinIO, Ceph and s3rver.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Put before every key, e.g. <c>attachments/</c>, when the bucket holds more than this API's files.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Content longer than one part is sent as a multipart upload of parts this long (S3's least is 5 MiB).</summary>
    public long PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>What is missing or wrong, for a start-up that should refuse to run; null when the options can work.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(ServiceUrl) ? "Storage:S3:ServiceUrl is required when Storage:Provider is S3."
        : !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _) ? $"Storage:S3:ServiceUrl '{ServiceUrl}' is not an absolute URL."
        : string.IsNullOrWhiteSpace(Bucket) ? "Storage:S3:Bucket is required when Storage:Provider is S3."
        : string.IsNullOrWhiteSpace(AccessKey) != string.IsNullOrWhiteSpace(SecretKey)
            ? "Storage:S3:AccessKey and Storage:S3:SecretKey go together: give both or neither."
        : PartSizeBytes < 5 * 1024 * 1024 ? "Storage:S3:PartSizeBytes must be at least 5 MiB (5242880), S3's least part size."
        : null;

    /// <summary>A client for these options, speaking only what every S3-compatible server understands.</summary>
    public AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            AuthenticationRegion = Region,
            ForcePathStyle = ForcePathStyle,
            // The SDK's default CRC32 trailers (aws-chunked bodies) are refused by Alibaba Cloud OSS, older Ceph and
            // s3rver; integrity is the content's SHA-256, checked by whoever reads it against its key.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        return string.IsNullOrWhiteSpace(AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }
}

/// <summary>
/// Attachment content in an S3-compatible bucket under <c>[prefix]ab/cd/&lt;sha256&gt;</c>, the local store's layout.
/// Content-addressed, so an object once written never changes, a save finds it already there (HEAD) and two saves of
/// the same content at once write the same bytes. Uploads read the caller's stream as they send it: one PUT, or a
/// multipart upload of <see cref="S3StorageOptions.PartSizeBytes"/> parts, each read once to sign it and once to send
/// it, so memory stays bounded whatever the size. That relies on the stream being seekable with a known length, as
/// every caller's is (a buffer or a temporary file). Reads stream the object's body as it arrives.
/// </summary>
public sealed class S3FileStore(IAmazonS3 client, S3StorageOptions options) : IFileStore
{
    private readonly string _bucket = options.Bucket!;
    private readonly string _prefix = string.IsNullOrWhiteSpace(options.KeyPrefix) ? "" : options.KeyPrefix.Trim('/') + "/";

    public async Task SaveAsync(string sha256, Stream content, CancellationToken ct)
    {
        var key = KeyFor(sha256);
        if (!content.CanSeek)
            throw new ArgumentException("The S3 store needs a seekable stream of known length.", nameof(content));
        if (await ExistsAsync(key, ct))
            return;
        var length = content.Length - content.Position;
        if (length <= options.PartSizeBytes)
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                UseChunkEncoding = false,
            }, ct);
        else
            await UploadInPartsAsync(key, content, length, ct);
    }

    public async Task<Stream> OpenAsync(string sha256, CancellationToken ct)
    {
        var key = KeyFor(sha256);
        try
        {
            var response = await client.GetObjectAsync(_bucket, key, ct);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            // What the local store's FileStream throws for a missing file, so callers see one behaviour.
            throw new FileNotFoundException($"No object {key} in bucket {_bucket}.", key, missing);
        }
    }

    /// <summary>Asks the bucket to answer (the readiness check's question); throws when it does not.</summary>
    public Task BucketReachableAsync(CancellationToken ct) => client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, ct);

    private async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        try
        {
            await client.GetObjectMetadataAsync(_bucket, key, ct);
            return true;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task UploadInPartsAsync(string key, Stream content, long length, CancellationToken ct)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, ct);
        try
        {
            var start = content.Position;
            var parts = new List<PartETag>();
            for (var (offset, number) = (0L, 1); offset < length; offset += options.PartSizeBytes, number++)
            {
                var size = Math.Min(options.PartSizeBytes, length - offset);
                content.Position = start + offset;
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    InputStream = content,
                    PartSize = size,
                    IsLastPart = offset + size == length,
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, part.ETag));
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, ct);
        }
        catch
        {
            // Parts of an unfinished upload are billed until aborted; a failed abort leaves them to the bucket's lifecycle rule.
            try { await client.AbortMultipartUploadAsync(_bucket, key, upload.UploadId, CancellationToken.None); }
            catch (AmazonServiceException) { }
            throw;
        }
    }

    private string KeyFor(string sha256) => _prefix + ContentAddress.RelativePath(sha256, '/');
}

/// <summary>Ready when the bucket answers a HEAD: a replica that cannot reach its files takes no traffic.</summary>
public sealed class FileStoreReadyCheck(S3FileStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await store.BucketReachableAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception unreachable) when (unreachable is AmazonServiceException or HttpRequestException or IOException)
        {
            return HealthCheckResult.Unhealthy("The file store's bucket does not answer.", unreachable);
        }
    }
}

public static class FileStoreSetup
{
    /// <summary>The S3 store, its client (disposed with the host) and its readiness check; refuses to start on incomplete options.</summary>
    public static IServiceCollection AddS3FileStore(this IServiceCollection services, S3StorageOptions options)
    {
        if (options.Problem() is { } problem)
            throw new InvalidOperationException(problem);
        services.AddSingleton(options);
        services.AddSingleton<IAmazonS3>(_ => options.CreateClient());
        services.AddSingleton<S3FileStore>();
        services.AddSingleton<IFileStore>(provider => provider.GetRequiredService<S3FileStore>());
        services.AddHealthChecks().AddCheck<FileStoreReadyCheck>("file-store", tags: ["ready"]);
        return services;
    }
}
