using System;
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
        // Resource names keep the folder separator of the machine that built the generator.
        var wanted = $"Contrastive.Generators.Templates.{name}.scriban".Replace('/', '.');
        var assembly = typeof(Templates).Assembly;
        var resource = Array.Find(assembly.GetManifestResourceNames(), r => r.Replace('/', '.').Replace('\\', '.') == wanted)
            ?? throw new FileNotFoundException("embedded template missing", wanted);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidDataException($"template {resource}: {string.Join("; ", template.Messages)}");
        }

        return template;
    }
}
