namespace Contrastive.Data;

/// <summary>
/// A data file is not what it claims to be: truncated, of the wrong type or shape, or inconsistent with
/// its partner file. The message names the file and says what was expected and what was found.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>; the message is "path: problem".</summary>
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
