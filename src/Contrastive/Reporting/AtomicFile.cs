namespace Contrastive.Reporting;

/// <summary>Replaces a file in one step, so a reader never sees a half-written figure.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="write"/>'s bytes to a temporary file beside <paramref name="path"/>, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(folder);

        // Same folder, so the rename never crosses a file system and stays atomic; hidden and unique, so two
        // writers of the same figure cannot collide and a crash leaves nothing that looks like a result.
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
