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

    public static YamlValue? Parse(SpecText file, DiagnosticBag diagnostics)
    {
        var parser = new Parser(new StringReader(file.Text));
        var stack = new Stack<Frame>();
        YamlValue? root = null;
        var documents = 0;
        var read = Mark.Empty;
        var readStart = Mark.Empty;
        while (MoveNext(parser, file, read, stack, diagnostics) is { } more)
        {
            if (!more)
            {
                return root;
            }

            var (previous, previousStart) = (read, readStart);
            (read, readStart) = (parser.Current!.End, parser.Current.Start);
            switch (parser.Current)
            {
                case DocumentStart start when !start.IsImplicit || documents > 0:
                    documents++;
                    if (documents > 1)
                    {
                        diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(file, start.Start, start.End), "more than one YAML document in a file");
                        return root;
                    }

                    break;
                case DocumentStart:
                    documents++;
                    break;
                case AnchorAlias alias:
                    diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(file, alias.Start, alias.End), $"aliases (*{alias.Value})");
                    return null;
                case MappingStart mapping:
                    if (!Push(stack, new Frame(mapping.Start, isMapping: true, isFlow: mapping.Style == MappingStyle.Flow), file, diagnostics))
                    {
                        return null;
                    }

                    break;
                case SequenceStart sequence:
                    if (!Push(stack, new Frame(sequence.Start, isMapping: false, isFlow: sequence.Style == SequenceStyle.Flow), file, diagnostics))
                    {
                        return null;
                    }

                    break;
                case MappingEnd end:
                {
                    var frame = stack.Pop();
                    if (!Complete(stack, frame.ToMapping(end.End), file, diagnostics, ref root))
                    {
                        return null;
                    }

                    break;
                }

                case SequenceEnd end:
                {
                    var frame = stack.Pop();
                    if (!Complete(stack, new YamlSequence(frame.Items, frame.Start, end.End), file, diagnostics, ref root))
                    {
                        return null;
                    }

                    break;
                }

                case Scalar scalar:
                {
                    var (from, to) = scalar.Start.Index < previousStart.Index ? NextToken(file, previous) : (scalar.Start, scalar.End);
                    (read, readStart) = (to, from);
                    var value = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, from, to);
                    if (!Complete(stack, value, file, diagnostics, ref root))
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
    private static bool? MoveNext(Parser parser, SpecText file, Mark read, Stack<Frame> stack, DiagnosticBag diagnostics)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (YamlException exception) when (exception.End.Index >= read.Index)
        {
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(file, exception.Start, exception.End), Clean(exception.Message));
        }
        catch (YamlException exception)
        {
            // Some errors (a tab as indentation) come with an empty mark at the start of the file,
            // although the reader is already past the last value read: point at the first tab that
            // indents a line after it, or else just after that value.
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, IndentingTab(file, read) ?? Locations.Of(file, read, read), Clean(exception.Message));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // YamlDotNet throws InvalidOperationException for some unclosed flow collections
            // ("input: [1, 28" followed by more lines); that is still a syntax error at the text.
            var open = stack.FirstOrDefault(f => f.IsFlow);
            if (open is null)
            {
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(file, read, read), "the YAML reader could not continue after this point");
            }
            else
            {
                var bracket = open.IsMapping ? "'{' has no matching '}'" : "'[' has no matching ']'";
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax, Locations.Of(file, open.Start, open.Start), "this " + bracket);
            }
        }

        return null;
    }

    // YamlDotNet gives an empty key (a line starting with ':') the mark of an earlier token (before
    // the previous event's). It is where the text goes on after the previous event, past spaces,
    // line breaks, comments and the closing bracket or comma whose event is marked before it.
    private static (Mark Start, Mark End) NextToken(SpecText file, Mark previous)
    {
        var text = file.Text;
        var i = (int)Math.Min(previous.Index, text.Length);
        while (i < text.Length)
        {
            if (text[i] == '#')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n' or '\u0085' or '\u2028' or '\u2029'))
                {
                    i++;
                }
            }
            else if (char.IsWhiteSpace(text[i]) || text[i] is '\uFEFF' or ']' or '}' or ',')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        var position = file.Position(i);
        var mark = new Mark(i, position.Line + 1, position.Character + 1);
        return (mark, mark);
    }

    private static SpecLocation? IndentingTab(SpecText file, Mark after)
    {
        var text = file.Text;
        var from = (int)Math.Min(after.Index, text.Length);
        var afterLine = file.Position(from).Line;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] != '\t')
            {
                continue;
            }

            var position = file.Position(i);
            if (position.Line > afterLine && text.Substring(i - position.Character, position.Character).Trim(' ', '\t').Length == 0)
            {
                return Locations.Of(file, i, 1);
            }
        }

        return null;
    }

    private static bool Push(Stack<Frame> stack, Frame frame, SpecText file, DiagnosticBag diagnostics)
    {
        if (stack.Count >= MaxDepth)
        {
            diagnostics.Add(DiagnosticDescriptors.TooDeep, Locations.Of(file, frame.Start, frame.Start), MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return false;
        }

        stack.Push(frame);
        return true;
    }

    private static bool Complete(Stack<Frame> stack, YamlValue value, SpecText file, DiagnosticBag diagnostics, ref YamlValue? root)
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
                diagnostics.Add(DiagnosticDescriptors.UnsupportedYaml, Locations.Of(file, value.Start, value.End), "keys that are lists or mappings");
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
