using Contrastive.Data;

namespace Contrastive.Cli.Commands;

/// <summary>
/// What <c>contrastive data</c> works on: where it looks and which datasets it knows. The app uses
/// <see cref="Default"/>; tests pass temporary folders and datasets of their own.
/// </summary>
/// <param name="Locations">The folders looked in; downloads go to the cache's &lt;name&gt; folder.</param>
/// <param name="Catalog">The files of the IDX datasets (the names come from <see cref="Datasets.Known"/>; tests pass their own download URLs).</param>
public sealed record DataCommandSetup(DataLocations Locations, IReadOnlyList<IdxDatasetInfo> Catalog)
{
    /// <summary>The real locations (<see cref="DataLocations.FromEnvironment"/>) and the IDX datasets' files (<see cref="Datasets.IdxFiles"/>).</summary>
    public static DataCommandSetup Default() => new(DataLocations.FromEnvironment(), Datasets.IdxFiles);
}
