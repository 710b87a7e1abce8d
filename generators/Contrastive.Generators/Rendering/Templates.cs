using System.Collections.Concurrent;
using System.IO;
using Scriban;
using Scriban.Runtime;

namespace Contrastive.Generators.Rendering;

/// <summary>The Scriban templates embedded in this assembly, parsed once.</summary>
internal static class Templates
{
    private static readonly ConcurrentDictionary<string, Template> Cache = new();

    public static string Render(string name, ScriptObject model)
    {
        var template = Cache.GetOrAdd(name, Load);
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false, LoopLimit = 0, RecursiveLimit = 0 };
        context.PushGlobal(model);
        return template.Render(context).Replace("\r\n", "\n");
    }

    private static Template Load(string name)
    {
        // The project names resources by their folder ("Templates.Methods/simclr.scriban", with '\\'
        // when built on Windows), so look a template up by its path with either separator.
        var resource = $"Contrastive.Generators.Templates.{name}.scriban";
        var assembly = typeof(Templates).Assembly;
        var actual = System.Array.Find(assembly.GetManifestResourceNames(), r => r.Replace('\\', '/') == resource);
        using var stream = (actual is null ? null : assembly.GetManifestResourceStream(actual))
            ?? throw new FileNotFoundException("embedded template missing", resource);
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidDataException($"template {resource}: {string.Join("; ", template.Messages)}");
        }

        return template;
    }
}
