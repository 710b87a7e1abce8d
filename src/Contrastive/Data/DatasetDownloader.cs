using System.Globalization;
using System.Security.Cryptography;

namespace Contrastive.Data;

/// <summary>How far a download has got: one report per chunk written, and one when a file is done or already there.</summary>
/// <param name="FileName">The file being fetched.</param>
/// <param name="Url">Where from.</param>
/// <param name="Received">Bytes written so far.</param>
/// <param name="Total">The size the server announced (Content-Length), if it did.</param>
/// <param name="Done">Whether the file is complete, checked and in its final place.</param>
public sealed record DownloadProgress(string FileName, Uri Url, long Received, long? Total, bool Done);

/// <summary>One file of a finished download.</summary>
/// <param name="Path">Where it now is.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="AlreadyPresent">True when a file with the right SHA-256 was already there and nothing was fetched.</param>
public sealed record DownloadedFile(string Path, long Bytes, bool AlreadyPresent);

/// <summary>A download failed; the message names the URL and what went wrong. Nothing was left in the final place.</summary>
public sealed class DataDownloadException : Exception
{
    /// <summary>Creates the exception; the message is "url: problem".</summary>
    public DataDownloadException(Uri url, string problem, Exception? inner = null)
        : base($"{url}: {problem}", inner)
    {
        Url = url;
    }

    /// <summary>The URL that failed.</summary>
    public Uri Url { get; }
}

/// <summary>
/// Fetches a dataset's files over HTTP into a folder (the user cache): each file streams into a
/// temporary file beside its final place while its SHA-256 is computed, and only a complete file with
/// the known digest is renamed into place. A failed, corrupted, interrupted or cancelled download
/// leaves no file under the final name (an older file there stays as it was).
/// </summary>
public sealed class DatasetDownloader
{
    private readonly HttpClient _client;

    /// <summary>Downloads through <paramref name="client"/> (its handler decides proxies and redirects).</summary>
    public DatasetDownloader(HttpClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>How long a response may send nothing, headers or body, before the download is given up.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Downloads every file of <paramref name="dataset"/> from <paramref name="baseUrl"/> (default: the
    /// dataset's <see cref="IdxDatasetInfo.DownloadUrl"/>; each file's name is appended) into
    /// <paramref name="folder"/>. A file already there with the right digest is kept without fetching.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset has no verified digests, or no URL is known or given.</exception>
    /// <exception cref="DataDownloadException">A file could not be fetched or did not match its digest.</exception>
    public async Task<IReadOnlyList<DownloadedFile>> DownloadAsync(
        IdxDatasetInfo dataset, string folder, Uri? baseUrl = null, Action<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var unverified = dataset.Files.Where(f => f.Sha256 is null).Select(f => f.FileName).ToList();
        if (unverified.Count > 0)
        {
            throw new InvalidOperationException(
                $"{dataset.Name}: no verified SHA-256 is known for {string.Join(", ", unverified)}, so this toolkit does not download it; "
                + $"put the files in a '{dataset.Name}' folder under ${DataLocations.EnvironmentVariable} or the user cache instead.");
        }

        var root = baseUrl ?? dataset.DownloadUrl ?? throw new InvalidOperationException($"{dataset.Name}: no download URL is known; give one.");
        Directory.CreateDirectory(folder);
        var files = new List<DownloadedFile>();
        foreach (var file in dataset.Files)
        {
            files.Add(await DownloadFileAsync(FileUrl(root, file.FileName), Path.Combine(folder, file.FileName), file.Sha256!, progress, cancellationToken).ConfigureAwait(false));
        }

        return files;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="path"/> if no file with digest
    /// <paramref name="sha256"/> is there yet: through a temporary file, renamed into place once complete and checked.
    /// </summary>
    /// <exception cref="DataDownloadException">The request failed, the response broke off, or the digest differs.</exception>
    public async Task<DownloadedFile> DownloadFileAsync(
        Uri url, string path, string sha256, Action<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var name = Path.GetFileName(path);
        if (File.Exists(path) && string.Equals(await Sha256Of(path, cancellationToken).ConfigureAwait(false), sha256, StringComparison.OrdinalIgnoreCase))
        {
            var size = new FileInfo(path).Length;
            progress?.Invoke(new DownloadProgress(name, url, size, size, Done: true));
            return new DownloadedFile(path, size, AlreadyPresent: true);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.part");
        try
        {
            var (received, digest) = await FetchAsync(url, temporary, name, progress, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(digest, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataDownloadException(url,
                    $"SHA-256 mismatch: expected {sha256.ToLowerInvariant()}, got {digest} over {Count(received)} bytes; the file was not kept.");
            }

            File.Move(temporary, path, overwrite: true);
            progress?.Invoke(new DownloadProgress(name, url, received, received, Done: true));
            return new DownloadedFile(path, received, AlreadyPresent: false);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary><paramref name="root"/> with <paramref name="fileName"/> appended, whether or not the root ends in a slash.</summary>
    public static Uri FileUrl(Uri root, string fileName)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = root.ToString();
        return new Uri(text.EndsWith('/') ? text + fileName : text + "/" + fileName);
    }

    private async Task<(long Received, string Sha256)> FetchAsync(
        Uri url, string temporary, string name, Action<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long received = 0;
        long? total = null;
        try
        {
            quiet.CancelAfter(ReadTimeout);
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, quiet.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DataDownloadException(url, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}).");
            }

            total = response.Content.Headers.ContentLength;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var body = await response.Content.ReadAsStreamAsync(quiet.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
                await using (output.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    progress?.Invoke(new DownloadProgress(name, url, 0, total, Done: false));
                    while (true)
                    {
                        quiet.CancelAfter(ReadTimeout);
                        var read = await body.ReadAsync(buffer, quiet.Token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), quiet.Token).ConfigureAwait(false);
                        received += read;
                        progress?.Invoke(new DownloadProgress(name, url, received, total, Done: false));
                    }

                    await output.FlushAsync(quiet.Token).ConfigureAwait(false);
                    output.Flush(flushToDisk: true);
                }
            }

            if (total is { } expected && received != expected)
            {
                throw new DataDownloadException(url, $"the response broke off after {Count(received)} of {Count(expected)} bytes.");
            }

            return (received, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataDownloadException(url,
                $"no data for {ReadTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after {Count(received)}{Of(total)} bytes; gave up.", e);
        }
        catch (HttpRequestException e)
        {
            var status = e.StatusCode is { } code ? $"HTTP {(int)code}: " : string.Empty;
            throw new DataDownloadException(url, $"{status}{e.Message}", e);
        }
        catch (HttpIOException e)
        {
            throw new DataDownloadException(url, $"the response broke off after {Count(received)}{Of(total)} bytes ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new DataDownloadException(url, $"failed after {Count(received)}{Of(total)} bytes: {e.Message}", e);
        }
    }

    private static async Task<string> Sha256Of(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        }
    }

    private static string Of(long? total) => total is { } t ? $" of {Count(t)}" : string.Empty;

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
