using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// One model generated from a spec, as listed by a project's generated <c>ModelRegistry</c>: what the
/// command line shows and how it builds the model by name.
/// </summary>
/// <param name="Name">The model's type name (the spec's <c>model</c>).</param>
/// <param name="Method">The method key ("simclr").</param>
/// <param name="Description">The spec's description.</param>
/// <param name="SpecPath">The spec file, relative to its project.</param>
/// <param name="ModelType">The generated model type.</param>
/// <param name="Create">Builds the model with the spec's options and fresh weights.</param>
/// <param name="CreateOptions">The spec's options record (<c>{Model}Options</c>), to change before building.</param>
/// <param name="CreateWithOptions">Builds the model from an options record made by <paramref name="CreateOptions"/> (or a copy of it).</param>
/// <param name="InputShape">The shape of one input sample, the spec's <c>input</c> ([1, 28, 28], [1, 256]): what a dataset for it must hold.</param>
public sealed record ModelInfo(
    string Name,
    string Method,
    string Description,
    string SpecPath,
    Type ModelType,
    Func<nn.Module> Create,
    Func<IModelOptions> CreateOptions,
    Func<IModelOptions, nn.Module> CreateWithOptions,
    IReadOnlyList<long> InputShape)
{
    /// <summary>The model called <paramref name="name"/> in <paramref name="models"/> (ignoring case).</summary>
    /// <exception cref="ArgumentException">No model has that name; the message suggests a close one or lists them.</exception>
    public static ModelInfo Find(IReadOnlyList<ModelInfo> models, string name)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(name);
        return models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown model '{name}'{Suggest(models, name)}; 'contrastive models' lists them.");
    }

    private static string Suggest(IReadOnlyList<ModelInfo> models, string name)
    {
        var names = models.Select(m => m.Name).ToList();
        var close = names.FirstOrDefault(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase));
        return close is not null ? $"; did you mean '{close}'?" : $"; the models are {string.Join(", ", names)}";
    }
}
