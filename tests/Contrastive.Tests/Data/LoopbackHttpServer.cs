using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Contrastive.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with a random port, for download tests: it answers GET
/// requests from a table of paths, and can lie about Content-Length, stop sending, or fail. One
/// connection per request (Connection: close). Stops when disposed; a stalled reply waits at most 10 s.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/files/");
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>What the server sends for a path.</summary>
    /// <param name="Body">The bytes promised (Content-Length is their count).</param>
    /// <param name="Status">The status code.</param>
    /// <param name="SendOnly">Send only this many body bytes, then close the connection.</param>
    /// <param name="Stall">After the bytes sent, send nothing more and keep the connection open.</param>
    public sealed record Reply(byte[] Body, int Status = 200, int? SendOnly = null, bool Stall = false);

    public Uri BaseUrl { get; }

    /// <summary>Replies by path relative to <see cref="BaseUrl"/> (e.g. "train-images-idx3-ubyte.gz"); anything else is a 404.</summary>
    public ConcurrentDictionary<string, Reply> Files { get; } = new();

    /// <summary>Every path requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var stream = client.GetStream();
            var request = await ReadHead(stream, timeout.Token);
            var path = request.Split(' ') is [_, var target, ..] ? target : "/";
            var name = path.StartsWith(BaseUrl.AbsolutePath, StringComparison.Ordinal) ? path[BaseUrl.AbsolutePath.Length..] : path;
            Requests.Enqueue(name);
            var reply = Files.TryGetValue(name, out var found) ? found : new Reply("not here"u8.ToArray(), Status: 404);
            var reason = reply.Status switch { 200 => "OK", 404 => "Not Found", 500 => "Internal Server Error", _ => "Status" };
            var head = $"HTTP/1.1 {reply.Status} {reason}\r\nContent-Type: application/octet-stream\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await stream.WriteAsync(reply.Body.AsMemory(0, reply.SendOnly ?? reply.Body.Length), timeout.Token);
            await stream.FlushAsync(timeout.Token);
            if (reply.Stall)
            {
                await Task.Delay(Timeout.Infinite, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away, the test ended, or a stall ran out: nothing to report.
        }
    }

    private static async Task<string> ReadHead(NetworkStream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16_384)
        {
            if (await stream.ReadAsync(buffer, token) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
