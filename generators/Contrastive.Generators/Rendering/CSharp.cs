using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Contrastive.Generators.Rendering;

/// <summary>Spec values as C# text: literals are escaped by Roslyn, numbers re-printed from parsed values.</summary>
internal static class CSharp
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Round-trippable double literal ("0.2", "1E-06", "3.0").</summary>
    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
    }

    /// <summary>
    /// Text for an XML doc comment line: XML-escaped, without any of the characters C# reads as a
    /// line break (which would end the comment and let the rest become code), and without characters
    /// XML does not allow (U+FFFE, U+FFFF, unpaired surrogates: CS1570 with documentation on).
    /// </summary>
    public static string DocText(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r' or '\n' or '\u0085' or '\u2028' or '\u2029': builder.Append(' '); break;
                case '\uFFFE' or '\uFFFF': builder.Append('\uFFFD'); break;
                case var high when char.IsHighSurrogate(high) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    builder.Append(high).Append(text[++i]);
                    break;
                case var lone when char.IsSurrogate(lone): builder.Append('\uFFFD'); break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return string.Join(" ", builder.ToString().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Word-wraps doc text into lines of at most <paramref name="width"/> characters.</summary>
    public static string[] Wrap(string text, int width = 96)
    {
        var words = DocText(text).Split(' ').Where(w => w.Length > 0);
        var lines = new System.Collections.Generic.List<string>();
        var line = new StringBuilder();
        foreach (var word in words)
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines.ToArray();
    }
}
