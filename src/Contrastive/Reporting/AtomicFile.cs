using System.Text.RegularExpressions;

namespace Contrastive.Reporting;

/// <summary>
/// Writes files so that a reader sees the old content or the new, never a half-written file: the
/// bytes go to a temporary file in the same folder, which then replaces the target by rename.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>The temporary name a write of <paramref name="name"/> goes to before its rename: ".name.&lt;32 hex&gt;.tmp".</summary>
    public static string TemporaryName(string name) => $".{name}.{Guid.NewGuid():N}.tmp";

    /// <summary>
    /// Removes the temporary files and folders (<see cref="TemporaryName"/>) a killed write left in
    /// <paramref name="directory"/>; returns how many. Only for a folder no other process writes (its run's lock held).
    /// </summary>
    public static int RemoveTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Where(e => Temporary().IsMatch(Path.GetFileName(e))))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }

            removed++;
        }

        return removed;
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, TemporaryName(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) atomically.</summary>
    public static void WriteAllText(string path, string text)
        => Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex Temporary();
}
