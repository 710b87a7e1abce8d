using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Contrastive.Generators.Yaml;

/// <summary>A node of a spec's YAML with the span it came from.</summary>
internal abstract class YamlValue
{
    protected YamlValue(Mark start, Mark end)
    {
        Start = start;
        End = end;
    }

    public Mark Start { get; }

    public Mark End { get; }

    /// <summary>How a message names this kind of value ("a mapping", "the number 3", ...).</summary>
    public abstract string Describe();
}

internal sealed class YamlScalar : YamlValue
{
    public YamlScalar(string value, bool plain, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        Plain = plain;
    }

    public string Value { get; }

    /// <summary>Unquoted: only plain scalars can be numbers, booleans or null.</summary>
    public bool Plain { get; }

    public bool IsNull => Plain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string Describe() => IsNull ? "null" : Plain ? $"'{Value}'" : $"the string \"{Value}\"";
}

internal sealed class YamlMapping : YamlValue
{
    public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> entries, Mark start, Mark end)
        : base(start, end) => Entries = entries;

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> Entries { get; }

    public override string Describe() => "a mapping";
}

internal sealed class YamlSequence : YamlValue
{
    public YamlSequence(IReadOnlyList<YamlValue> items, Mark start, Mark end)
        : base(start, end) => Items = items;

    public IReadOnlyList<YamlValue> Items { get; }

    public override string Describe() => "a list";
}

/// <summary>
/// Reads one YAML document from YamlDotNet's event stream into <see cref="YamlValue"/>s, without
/// recursion (a spec of ten thousand nested brackets must become a diagnostic, not a stack overflow)
/// and without YamlDotNet's representation model, which throws on duplicate keys instead of
/// letting us point at both.
/// </summary>
internal static class YamlTree
{
    public const int MaxDepth = 32;

    public static YamlValue? Parse(string path, string text, DiagnosticBag diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        YamlValue? root = null;
        var documents = 0;
        var read = Mark.Empty;
        while (MoveNext(parser, path, text, read, stack, diagnostics) is { } more)
        {
            if (!more)
            {
                return root;
            }

            read = parser.Current!.End;
            switch (parser.Current)
            {
                case DocumentStart start when !start.IsImplicit || documents > 0:
                    documents++;
                    if (documents > 1)
                    {
                        diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(path, start.Start, start.End), "more than one YAML document in a file");
                        return root;
                    }

                    break;
                case DocumentStart:
                    documents++;
                    break;
                case AnchorAlias alias:
                    diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(path, alias.Start, alias.End), $"aliases (*{alias.Value})");
                    return null;
                case MappingStart mapping:
                    if (!Push(stack, new Frame(mapping.Start, isMapping: true, isFlow: mapping.Style == MappingStyle.Flow), path, diagnostics))
                    {
                        return null;
                    }

                    break;
                case SequenceStart sequence:
                    if (!Push(stack, new Frame(sequence.Start, isMapping: false, isFlow: sequence.Style == SequenceStyle.Flow), path, diagnostics))
                    {
                        return null;
                    }

                    break;
                case MappingEnd end:
                {
                    var frame = stack.Pop();
                    if (!Complete(stack, frame.ToMapping(end.End), path, diagnostics, ref root))
                    {
                        return null;
                    }

                    break;
                }

                case SequenceEnd end:
                {
                    var frame = stack.Pop();
                    if (!Complete(stack, new YamlSequence(frame.Items, frame.Start, end.End), path, diagnostics, ref root))
                    {
                        return null;
                    }

                    break;
                }

                case Scalar scalar:
                {
                    var value = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, scalar.Start, scalar.End);
                    if (!Complete(stack, value, path, diagnostics, ref root))
                    {
                        return null;
                    }

                    break;
                }
            }
        }

        return null;
    }

    // YamlDotNet's MoveNext, with every failure turned into CTK001 at the best position known (null).
    private static bool? MoveNext(Parser parser, string path, string text, Mark read, Stack<Frame> stack, DiagnosticBag diagnostics)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (YamlException exception) when (exception.End.Index >= read.Index)
        {
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(path, exception.Start, exception.End), Clean(exception.Message));
        }
        catch (YamlException exception)
        {
            // Some errors (a tab as indentation) come with an empty mark at the start of the file,
            // although the reader is already past the last value read: point at the first tab that
            // indents a line after it, or else just after that value.
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, IndentingTab(path, text, read) ?? Locations.Of(path, read, read), Clean(exception.Message));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // YamlDotNet throws InvalidOperationException for some unclosed flow collections
            // ("input: [1, 28" followed by more lines); that is still a syntax error at the text.
            var open = stack.FirstOrDefault(f => f.IsFlow);
            if (open is null)
            {
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(path, read, read), "the YAML reader could not continue after this point");
            }
            else
            {
                var bracket = open.IsMapping ? "'{' has no matching '}'" : "'[' has no matching ']'";
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(path, open.Start, open.Start), "this " + bracket);
            }
        }

        return null;
    }

    private static SpecLocation? IndentingTab(string path, string text, Mark after)
    {
        var line = (int)after.Line - 1;
        var lineStart = (int)after.Index;
        for (var i = (int)after.Index; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                line++;
                lineStart = i + 1;
                continue;
            }

            if (c == '\t' && line > after.Line - 1 && text.Substring(lineStart, i - lineStart).Trim(' ', '\t').Length == 0)
            {
                var column = i - lineStart;
                return new SpecLocation(path, i, 1, line, column, line, column + 1);
            }
        }

        return null;
    }


    private static bool Push(Stack<Frame> stack, Frame frame, string path, DiagnosticBag diagnostics)
    {
        if (stack.Count >= MaxDepth)
        {
            diagnostics.Add(DiagnosticDescriptors.TooDeep, Locations.Of(path, frame.Start, frame.Start), MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return false;
        }

        stack.Push(frame);
        return true;
    }

    private static bool Complete(Stack<Frame> stack, YamlValue value, string path, DiagnosticBag diagnostics, ref YamlValue? root)
    {
        if (stack.Count == 0)
        {
            root = value;
            return true;
        }

        var parent = stack.Peek();
        if (!parent.IsMapping)
        {
            parent.Items.Add(value);
            return true;
        }

        if (parent.PendingKey is null)
        {
            if (value is not YamlScalar key)
            {
                diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(path, value.Start, value.End), "keys that are lists or mappings");
                return false;
            }

            parent.PendingKey = key;
            return true;
        }

        parent.Entries.Add(new KeyValuePair<YamlScalar, YamlValue>(parent.PendingKey, value));
        parent.PendingKey = null;
        return true;
    }

    // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (...): "; the diagnostic has the position already.
    private static string Clean(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0 ? message.Substring(marker + 3) : message;
    }

    private sealed class Frame
    {
        public Frame(Mark start, bool isMapping, bool isFlow)
        {
            Start = start;
            IsMapping = isMapping;
            IsFlow = isFlow;
        }

        public Mark Start { get; }

        public bool IsMapping { get; }

        public bool IsFlow { get; }

        public List<YamlValue> Items { get; } = new();

        public List<KeyValuePair<YamlScalar, YamlValue>> Entries { get; } = new();

        public YamlScalar? PendingKey { get; set; }

        public YamlMapping ToMapping(Mark end) => new(Entries, Start, end);
    }
}
