using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contrastive.Training;

/// <summary>
/// A checkpoint's <c>manifest.json</c>: the size and SHA-256 of every other file of the folder, written
/// last, so a checkpoint can tell whether it is whole and unchanged before anything of it reaches
/// libtorch. Checkpoints written before manifests existed have none and are checked for their files only.
/// </summary>
internal static class CheckpointManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The files every checkpoint holds, whatever wrote it.</summary>
    public static readonly string[] Required = ["state.json", "model.bin", "optimizer.bin", "torch-rng.bin"];

    /// <summary>Hashes every file of <paramref name="folder"/> (not yet in place) and writes the manifest beside them.</summary>
    public static void Write(string folder)
    {
        var files = new JsonObject();
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            files[name] = new JsonObject { ["size"] = new FileInfo(path).Length, ["sha256"] = Hash(path) };
        }

        var manifest = new JsonObject { ["format"] = 1, ["files"] = files };
        File.WriteAllText(Path.Combine(folder, FileName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// What is wrong with the checkpoint in <paramref name="folder"/>, in words that name the file, or
    /// null when it is whole: every required file there and, with a manifest, every file of the manifest
    /// of its size and hash.
    /// </summary>
    public static string? Problem(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            var missing = Required.FirstOrDefault(f => !File.Exists(Path.Combine(folder, f)));
            return missing is null ? null : $"{missing} is missing";
        }

        JsonObject files;
        try
        {
            files = JsonNode.Parse(File.ReadAllText(path))?["files"] as JsonObject
                ?? throw new JsonException("it has no \"files\" object");
        }
        catch (JsonException e)
        {
            return $"{FileName} is damaged ({e.Message})";
        }

        foreach (var required in Required)
        {
            if (!files.ContainsKey(required))
            {
                return $"{FileName} does not list {required}";
            }
        }

        foreach (var (name, entry) in files)
        {
            var file = Path.Combine(folder, name);
            if (Path.GetFileName(name) != name)
            {
                return $"{FileName} lists '{name}', which is not a file of the checkpoint";
            }

            if (!File.Exists(file))
            {
                return $"{name} is missing";
            }

            long expectedSize;
            string? expectedHash;
            try
            {
                expectedSize = entry?["size"]?.GetValue<long>() ?? -1;
                expectedHash = entry?["sha256"]?.GetValue<string>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                return $"{FileName} is damaged (the entry of {name} is not a size and a hash)";
            }

            var size = new FileInfo(file).Length;
            if (size != expectedSize)
            {
                return $"{name} is {size} bytes, but {FileName} says {expectedSize}";
            }

            if (!string.Equals(Hash(file), expectedHash, StringComparison.Ordinal))
            {
                return $"{name} does not match its SHA-256 in {FileName}: it was changed or damaged after it was written";
            }
        }

        return null;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
