using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Contrastive.Training.Runs;

/// <summary>
/// One writer per run folder: an exclusive advisory lock on <c>.lock</c> in the folder, held while a
/// run trains or resumes, and <c>lock.json</c> beside it saying who holds it (PID, host, start time) so a
/// refused writer can be told. The operating system drops the lock when its process ends, however it
/// ends, so a killed run never leaves a lock behind; its <c>lock.json</c> is then replaced, with a note.
/// </summary>
public sealed class RunLock : IDisposable
{
    private const string LockName = ".lock";

    /// <summary>The file that says who holds the lock.</summary>
    public const string HolderName = "lock.json";

    private readonly FileStream stream;
    private readonly string holderPath;

    private RunLock(FileStream stream, string holderPath, string? note)
    {
        this.stream = stream;
        this.holderPath = holderPath;
        Note = note;
    }

    /// <summary>What the user should know about the lock taken: a previous holder that ended without releasing it; null otherwise.</summary>
    public string? Note { get; }

    /// <summary>Takes the lock of <paramref name="directory"/> (which must exist).</summary>
    /// <exception cref="IOException">Another process (or another run of this one) holds it; the message names the holder.</exception>
    public static RunLock Take(string directory)
    {
        var lockPath = Path.Combine(directory, LockName);
        var holderPath = Path.Combine(directory, HolderName);
        FileStream stream;
        try
        {
            // On Unix .NET takes an flock(LOCK_EX | LOCK_NB) for FileShare.None; the kernel releases it with the process.
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{directory} is being written by another run ({Describe(Holder(holderPath))}): one run writes a folder at a time. Wait for it to finish, or stop it first.", e);
        }

        var previous = Holder(holderPath);
        var note = previous is null ? null : $"{directory} was last written by {Describe(previous)}, which ended without releasing it; this run takes it over.";
        var holder = new LockHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
        try
        {
            Reporting.AtomicFile.WriteAllText(holderPath, JsonSerializer.Serialize(holder));
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new RunLock(stream, holderPath, note);
    }

    /// <summary>Releases the lock and removes <c>lock.json</c>.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(holderPath);
        }
        finally
        {
            stream.Dispose();
        }
    }

    private static LockHolder? Holder(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static string Describe(LockHolder? holder) =>
        holder is null
            ? "a process that has not said who it is yet"
            : string.Create(CultureInfo.InvariantCulture, $"process {holder.Pid} on {holder.Host}, since {holder.Started:yyyy-MM-dd HH:mm:ss} UTC")
              + (holder.Host == Environment.MachineName && !Alive(holder.Pid) ? " (no longer running)" : string.Empty);

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed record LockHolder(int Pid, string Host, DateTimeOffset Started);
}
