using System.Text.RegularExpressions;
using Contrastive.Cli;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

/// <summary>
/// The command line as a whole: every command's help renders, an unknown or mistyped option is an
/// error naming the nearest real one (not ignored), and a value that does not convert names its flag
/// and the form it takes, in the user's words.
/// </summary>
[TestFixture]
public sealed class CommandLineTests
{
    private string _folder = string.Empty;

    [SetUp]
    public void MakeFolder() => _folder = Path.Combine(Path.GetTempPath(), "contrastive-cli-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var exit = ContrastiveApp.Create(console).Run(args);
        return (exit, console.Output);
    }

    // The commands as the app's own help lists them, so a new command is covered without a list to edit.
    public static IEnumerable<TestCaseData> Commands()
    {
        var (_, help) = Run("--help");
        var section = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..];
        return Regex.Matches(section, @"^\s{4}(?<name>[a-z][a-z-]*)\b", RegexOptions.Multiline)
            .Select(m => m.Groups["name"].Value)
            .Distinct()
            .Select(name => new TestCaseData(name).SetArgDisplayNames(name));
    }

    [Test]
    public void TheAppsHelpListsItsCommands()
    {
        Assert.That(Commands().Select(c => (string)c.Arguments[0]!), Is.SupersetOf(new[] { "doctor", "models", "train", "eval", "embed", "mi-bench", "data" }));
    }

    // Fails where an option's description holds text Spectre reads as colour markup ("[N, D]").
    [TestCaseSource(nameof(Commands))]
    public void EveryCommandsHelpRenders(string command)
    {
        var (exit, output) = Run(command, "--help");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("USAGE:").And.Contain("OPTIONS:").And.Not.Contain("Error"));
    }

    [TestCase("--max-step", "--max-steps")]
    [TestCase("--check-point-every", "--checkpoint-every")]
    [TestCase("--no-evl", "--no-eval")]
    public void AMistypedOptionIsAnErrorNamingTheNearestOne(string typo, string meant)
    {
        var (exit, output) = Run("train", "SimClrFashion", typo, "3", "--out", _folder);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain($"error: {typo} is not an option of 'train'. Did you mean '{meant}'?"));
        Assert.That(Directory.Exists(_folder), Is.False, "nothing trained, nothing written");
    }

    [Test]
    public void AnOptionNothingResemblesPointsAtTheCommandsHelp()
    {
        var (exit, output) = Run("train", "SimClrFashion", "--bogus-flag", "--out", _folder);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("error: --bogus-flag is not an option of 'train'. 'train --help' lists its options."));
        Assert.That(Directory.Exists(_folder), Is.False);
    }

    [Test]
    public void AnOptionOfAnotherCommandIsNotOneOfThisCommand()
    {
        var (exit, output) = Run("eval", "some-run", "--max-steps", "3");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("error: --max-steps is not an option of 'eval'."));
    }

    [TestCase("train", "SimClrFashion", "--max-steps", "abc", "--max-steps: 'abc' is not a whole number.")]
    [TestCase("train", "SimClrFashion", "--threads", "two", "--threads: 'two' is not a whole number.")]
    [TestCase("train", "SimClrFashion", "--clip-grad-norm", "big", "--clip-grad-norm: 'big' is not a number (e.g. 0.5).")]
    [TestCase("mi-bench", "--seed", "-1", null, "--seed: '-1' is not a whole number of 0 or more.")]
    public void AValueThatDoesNotConvertNamesItsFlagAndTheForm(string command, string first, string second, string? third, string message)
    {
        var args = new[] { command, first, second, third }.OfType<string>().ToArray();
        var (exit, output) = Run(args);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("error: " + message).And.Not.Contain("Nullable"));
    }

    [Test]
    public void AnAliasHasItsCommandsOptions()
    {
        var (exit, output) = Run("list", "--metod", "simclr");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("error: --metod is not an option of 'list'. Did you mean '--method'?"));
    }
}
