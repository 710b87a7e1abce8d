namespace Contrastive.Data;

/// <summary>Where a dataset can come from, in the order they are tried.</summary>
public enum DataSourceKind
{
    /// <summary><c>$CONTRASTIVE_DATA/&lt;name&gt;</c>.</summary>
    Environment,

    /// <summary>The user cache, <c>$XDG_CACHE_HOME/contrastive/&lt;name&gt;</c> or <c>~/.cache/contrastive/&lt;name&gt;</c>; downloads go here.</summary>
    Cache,

    /// <summary>System-wide datasets, <c>/usr/share/datasets/&lt;name&gt;</c> (Debian's <c>dataset-fashion-mnist</c>).</summary>
    System,

    /// <summary>The subset shipped with the toolkit, <c>data/&lt;name&gt;-subset</c> beside Contrastive.dll.</summary>
    Bundled,
}

/// <summary>
/// The root folders datasets are looked up in; each dataset is a sub-folder named after it. Tests
/// build their own; <see cref="FromEnvironment"/> gives the real ones.
/// </summary>
/// <param name="Environment">The folder <c>$CONTRASTIVE_DATA</c> names; null when it is unset.</param>
/// <param name="Cache">The user cache root (downloads go to its &lt;name&gt; sub-folder).</param>
/// <param name="System">The system-wide root, <c>/usr/share/datasets</c>.</param>
/// <param name="Bundled">The folder of bundled subsets, <c>data</c> beside Contrastive.dll.</param>
public sealed record DataLocations(string? Environment, string Cache, string System, string Bundled)
{
    /// <summary>The environment variable that names a folder of datasets, tried first.</summary>
    public const string EnvironmentVariable = "CONTRASTIVE_DATA";

    /// <summary>The system-wide root on Debian.</summary>
    public const string SystemRoot = "/usr/share/datasets";

    /// <summary>
    /// The real locations: <c>$CONTRASTIVE_DATA</c>; <c>$XDG_CACHE_HOME/contrastive</c> when that
    /// variable is an absolute path, else <c>$HOME/.cache/contrastive</c>; <see cref="SystemRoot"/>; and
    /// the bundled folder. <paramref name="variables"/> replaces the process environment (for tests).
    /// </summary>
    public static DataLocations FromEnvironment(Func<string, string?>? variables = null)
    {
        variables ??= global::System.Environment.GetEnvironmentVariable;
        var data = variables(EnvironmentVariable);
        var xdg = variables("XDG_CACHE_HOME");
        string cacheRoot;
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            cacheRoot = xdg;
        }
        else
        {
            var home = variables("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = global::System.Environment.GetFolderPath(global::System.Environment.SpecialFolder.UserProfile);
            }

            cacheRoot = Path.Combine(home, ".cache");
        }

        return new DataLocations(
            string.IsNullOrEmpty(data) ? null : Path.GetFullPath(data),
            Path.Combine(cacheRoot, "contrastive"),
            SystemRoot,
            BundledRoot);
    }

    /// <summary>The <c>data</c> folder beside Contrastive.dll, where the build copies the bundled subsets.</summary>
    public static string BundledRoot
    {
        get
        {
            var assembly = typeof(DataLocations).Assembly.Location;
            var directory = string.IsNullOrEmpty(assembly) ? AppContext.BaseDirectory : Path.GetDirectoryName(assembly)!;
            return Path.Combine(directory, "data");
        }
    }

    /// <summary>The folder of dataset <paramref name="name"/> at <paramref name="kind"/>; null for an unset <c>$CONTRASTIVE_DATA</c>.</summary>
    public string? FolderFor(DataSourceKind kind, string name) => kind switch
    {
        DataSourceKind.Environment => Environment is null ? null : Path.Combine(Environment, name),
        DataSourceKind.Cache => Path.Combine(Cache, name),
        DataSourceKind.System => Path.Combine(System, name),
        DataSourceKind.Bundled => Path.Combine(Bundled, name + "-subset"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a data source"),
    };
}
