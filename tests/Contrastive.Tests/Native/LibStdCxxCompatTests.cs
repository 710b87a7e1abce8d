using System.Runtime.Versioning;
using Contrastive.Native;

namespace Contrastive.Tests.Native;

/// <summary>The ELF patch on the real TorchSharp library and on damaged copies of it.</summary>
[TestFixture]
public sealed class LibStdCxxCompatTests
{
    private byte[] _packaged = null!;
    private string _scratch = null!;

    [OneTimeSetUp]
    public void ReadPackagedLibrary()
    {
        Assert.That(File.Exists(TestPaths.PackagedLibTorchSharp), Is.True, TestPaths.PackagedLibTorchSharp);
        _packaged = File.ReadAllBytes(TestPaths.PackagedLibTorchSharp);
    }

    [SetUp]
    public void MakeScratchDirectory()
    {
        _scratch = Path.Combine(Path.GetTempPath(), "contrastive-elf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_scratch);
    }

    [TearDown]
    public void RemoveScratchDirectory() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Packaged_library_strictly_needs_GLIBCXX_3_4_32_for_the_marker_symbol_only()
    {
        var image = ElfImage.Parse(_packaged, "packaged");
        var need = image.Needs.Single(n => n.Name == LibStdCxxCompat.Version);

        Assert.Multiple(() =>
        {
            Assert.That(need.File, Is.EqualTo("libstdc++.so.6"));
            Assert.That(need.IsWeak, Is.False);
            Assert.That(LibStdCxxCompat.Inspect(image), Is.EqualTo(CompatPatchState.Strict));
            Assert.That(image.SymbolsWithVersionIndex(need.Index), Is.EqualTo(new[] { "_ZSt21ios_base_library_initv" }));
            // readelf -V lists 5 needed files and 28 versions for this build of the library.
            Assert.That(image.Needs.Select(n => n.File).Distinct().Count(), Is.EqualTo(5));
            Assert.That(image.Needs, Has.Count.EqualTo(28));
        });
    }

    [Test]
    public void Patch_sets_only_the_weak_bit_of_that_one_entry()
    {
        var patched = LibStdCxxCompat.Patch(_packaged, "packaged")!;
        var before = ElfImage.Parse(_packaged, "before").Needs;
        var after = ElfImage.Parse(patched, "after").Needs;
        var changed = Enumerable.Range(0, _packaged.Length).Where(i => _packaged[i] != patched[i]).ToArray();
        var need = before.Single(n => n.Name == LibStdCxxCompat.Version);

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(new[] { (int)need.FlagsOffset }), "exactly one byte, the low byte of vna_flags");
            Assert.That(patched[need.FlagsOffset], Is.EqualTo(_packaged[need.FlagsOffset] | ElfImage.VersionFlagWeak));
            Assert.That(after.Single(n => n.Name == LibStdCxxCompat.Version).IsWeak, Is.True);
            Assert.That(after.Where(n => n.Name != LibStdCxxCompat.Version).Select(n => n.Flags),
                Is.EqualTo(before.Where(n => n.Name != LibStdCxxCompat.Version).Select(n => n.Flags)));
        });
    }

    [Test]
    public void Patch_does_nothing_on_an_already_weak_library()
    {
        var patched = LibStdCxxCompat.Patch(_packaged, "packaged")!;
        Assert.That(LibStdCxxCompat.Patch(patched, "patched"), Is.Null);
    }

    [Test]
    public void Build_output_carries_the_patch_exactly_when_the_host_lacks_the_version()
    {
        var (host, state) = TorchRuntime.CompatState(TestPaths.OutputLibTorchSharp);
        var output = File.ReadAllBytes(TestPaths.OutputLibTorchSharp);
        if (state == NativeCompatState.NotNeeded)
        {
            Assert.That(output, Is.EqualTo(_packaged), $"{host} provides the version: the output must be untouched");
        }
        else
        {
            Assert.That(state, Is.EqualTo(NativeCompatState.Patched), $"host {host}");
            Assert.That(output, Is.EqualTo(LibStdCxxCompat.Patch(_packaged, "packaged")));
        }
    }

    [Test]
    public void Host_libstdcxx_of_Debian_12_stops_before_the_version()
    {
        var host = LibStdCxxCompat.FindHostLibStdCxx();
        Assume.That(host, Is.Not.Null, "no libstdc++ in the usual places");
        var definitions = ElfImage.Read(host!).Definitions;

        Assert.That(definitions, Does.Contain("GLIBCXX_3.4.30"), "the reader finds the versions libstdc++ defines");
        if (File.Exists("/etc/debian_version") && File.ReadAllText("/etc/debian_version").StartsWith("12", StringComparison.Ordinal))
        {
            Assert.That(LibStdCxxCompat.Provides(host!), Is.False);
        }
    }

    [Test]
    [SupportedOSPlatform("linux")]
    public void PatchFile_replaces_a_hard_link_instead_of_writing_through_it()
    {
        var original = Path.Combine(_scratch, "cache.so");
        var linked = Path.Combine(_scratch, "output.so");
        File.WriteAllBytes(original, _packaged);
        File.SetUnixFileMode(original, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stamp = new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(original, stamp);
        HardLink.Create(linked, original);

        Assert.That(LibStdCxxCompat.PatchFile(linked), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(original), Is.EqualTo(_packaged), "the linked-from file is untouched");
            Assert.That(LibStdCxxCompat.Inspect(ElfImage.Read(linked)), Is.EqualTo(CompatPatchState.Weak));
            Assert.That(File.GetLastWriteTimeUtc(linked), Is.EqualTo(stamp), "timestamp kept for incremental copies");
            Assert.That(File.GetUnixFileMode(linked) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
            Assert.That(Directory.GetFiles(_scratch), Has.Length.EqualTo(2), "no temporary file left behind");
            Assert.That(LibStdCxxCompat.PatchFile(linked), Is.False, "a second run does nothing");
        });
    }

    [TestCase(0, "not an ELF file")]
    [TestCase(40, "not an ELF file")]
    [TestCase(4096, "past the end of the file")]
    [TestCase(260000, "past the end of the file")]
    public void Truncated_copy_is_reported_with_its_path(int length, string problem)
    {
        var damaged = _packaged.AsSpan(0, length).ToArray();
        var error = Assert.Throws<ElfLayoutException>(() => LibStdCxxCompat.Patch(damaged, "/out/libLibTorchSharp.so"));
        Assert.That(error!.Message, Does.StartWith("/out/libLibTorchSharp.so: ").And.Contain(problem));
    }

    [Test]
    public void Wrong_class_or_byte_order_is_refused()
    {
        var elf32 = (byte[])_packaged.Clone();
        elf32[4] = 1;
        var bigEndian = (byte[])_packaged.Clone();
        bigEndian[5] = 2;

        Assert.Multiple(() =>
        {
            Assert.That(() => LibStdCxxCompat.Patch(elf32, "f"), Throws.TypeOf<ElfLayoutException>().With.Message.Contains("64-bit"));
            Assert.That(() => LibStdCxxCompat.Patch(bigEndian, "f"), Throws.TypeOf<ElfLayoutException>().With.Message.Contains("little-endian"));
        });
    }

    [Test]
    public void Stripped_section_headers_are_refused()
    {
        var stripped = (byte[])_packaged.Clone();
        Array.Clear(stripped, 0x28, 8); // e_shoff = 0
        Assert.That(() => LibStdCxxCompat.Patch(stripped, "f"),
            Throws.TypeOf<ElfLayoutException>().With.Message.Contains("no section headers"));
    }

    [Test]
    public void A_real_symbol_under_the_version_blocks_the_patch()
    {
        // Rebind some other undefined symbol to GLIBCXX_3.4.32: weakening would now hide a real need.
        var image = ElfImage.Parse(_packaged, "packaged");
        var index = image.Needs.Single(n => n.Name == LibStdCxxCompat.Version).Index;
        var victim = image.DynamicSymbols().First(s => s.VersionIndex > 1 && s.VersionIndex != index);
        var damaged = (byte[])_packaged.Clone();
        damaged[victim.VersionOffset] = (byte)index;
        damaged[victim.VersionOffset + 1] = 0;

        Assert.That(() => LibStdCxxCompat.Patch(damaged, "f"),
            Throws.TypeOf<ElfLayoutException>().With.Message.Contains($"'{victim.Name}' really needs"));
    }
}
