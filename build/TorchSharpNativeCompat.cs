// Why this file exists
// --------------------
// TorchSharp-cpu 0.107.0 ships libLibTorchSharp.so built with GCC 13. Its version-needs table asks
// libstdc++ for GLIBCXX_3.4.32, which Debian 12 (GCC 12, up to GLIBCXX_3.4.30) lacks, so the
// loader refuses the file and TorchSharp's first use throws. The only symbol under that version is
// std::ios_base_library_init(), a marker GCC 13's <iostream> emits that nothing ever binds.
// Marking the requirement weak (VER_FLG_WEAK in vna_flags) makes the loader accept the file.
//
// One source, two consumers: MSBuild compiles the whole file as an inline task
// (TorchSharpNativeCompat.targets), and the runtime links it with CONTRASTIVE_RUNTIME defined so
// that `contrastive doctor` reports the patch state with the very same reader. The code therefore
// stays within what netstandard2.0 offers (no records, no spans of the newer APIs).
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Contrastive.Native
{
    /// <summary>The file is not a little-endian ELF64 laid out as the patch expects.</summary>
    internal sealed class ElfLayoutException : Exception
    {
        public ElfLayoutException(string path, string problem)
            : base(path + ": " + problem) { }
    }

    /// <summary>One entry of .gnu.version_r: a version that a needed library must define.</summary>
    internal sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string name, ushort flags, ushort index, long flagsOffset)
        {
            File = file;
            Name = name;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library's soname, e.g. libstdc++.so.6.</summary>
        public string File { get; }

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Name { get; }

        /// <summary>vna_flags: 0x2 is VER_FLG_WEAK.</summary>
        public ushort Flags { get; }

        /// <summary>vna_other: the index that .gnu.version gives the symbols bound to this version.</summary>
        public ushort Index { get; }

        /// <summary>File offset of the two bytes of vna_flags.</summary>
        public long FlagsOffset { get; }

        public bool IsWeak => (Flags & ElfImage.VersionFlagWeak) != 0;
    }

    /// <summary>A .dynsym entry and where its .gnu.version index lives in the file.</summary>
    internal sealed class ElfDynamicSymbol
    {
        public ElfDynamicSymbol(string name, ushort versionIndex, long versionOffset)
        {
            Name = name;
            VersionIndex = versionIndex;
            VersionOffset = versionOffset;
        }

        public string Name { get; }

        public ushort VersionIndex { get; }

        public long VersionOffset { get; }
    }

    /// <summary>
    /// The parts of a little-endian ELF64 shared object that symbol versioning uses: section headers,
    /// .gnu.version_r (needs), .gnu.version_d (definitions), .dynsym and .gnu.version.
    /// Every offset is bounds-checked; a malformed file raises <see cref="ElfLayoutException"/>.
    /// </summary>
    internal sealed class ElfImage
    {
        public const ushort VersionFlagWeak = 0x2;
        private const uint SectionVersionDefinitions = 0x6ffffffd;
        private const uint SectionVersionNeeds = 0x6ffffffe;
        private const uint SectionVersionSymbols = 0x6fffffff;
        private const uint SectionDynamicSymbols = 11;

        private readonly byte[] _bytes;
        private readonly string _path;
        private readonly List<Section> _sections = new List<Section>();

        private ElfImage(byte[] bytes, string path)
        {
            _bytes = bytes;
            _path = path;
            ReadSectionHeaders();
            Needs = ReadVersionNeeds();
            Definitions = ReadVersionDefinitions();
        }

        public IReadOnlyList<ElfVersionNeed> Needs { get; }

        public IReadOnlyList<string> Definitions { get; }

        public static ElfImage Parse(byte[] bytes, string path) => new ElfImage(bytes, path);

        public static ElfImage Read(string path) => new ElfImage(File.ReadAllBytes(path), path);

        /// <summary>Names of the dynamic symbols whose .gnu.version entry is <paramref name="index"/>.</summary>
        public IReadOnlyList<string> SymbolsWithVersionIndex(ushort index)
        {
            var names = new List<string>();
            foreach (var symbol in DynamicSymbols())
            {
                if (symbol.VersionIndex == index)
                {
                    names.Add(symbol.Name);
                }
            }

            return names;
        }

        /// <summary>Every .dynsym entry with its .gnu.version index (hidden bit cleared).</summary>
        public IReadOnlyList<ElfDynamicSymbol> DynamicSymbols()
        {
            var result = new List<ElfDynamicSymbol>();
            var symbols = FindSection(SectionDynamicSymbols);
            var versions = FindSection(SectionVersionSymbols);
            if (symbols == null || versions == null)
            {
                return result;
            }

            const int symbolSize = 24;
            long count = symbols.Size / symbolSize;
            if (versions.Size < count * 2)
            {
                throw Fail(".gnu.version has fewer entries than .dynsym");
            }

            var strings = SectionAt(symbols.Link, ".dynsym's string table");
            for (long i = 0; i < count; i++)
            {
                long versionOffset = versions.Offset + 2 * i;
                result.Add(new ElfDynamicSymbol(
                    CString(strings, U32(symbols.Offset + i * symbolSize)),
                    (ushort)(U16(versionOffset) & 0x7fff),
                    versionOffset));
            }

            return result;
        }

        private void ReadSectionHeaders()
        {
            if (_bytes.Length < 64 || _bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
            {
                throw Fail("not an ELF file (bad magic number)");
            }

            if (_bytes[4] != 2 || _bytes[5] != 1)
            {
                throw Fail("expected a little-endian 64-bit ELF file (class " + _bytes[4] + ", data " + _bytes[5] + ")");
            }

            long headerOffset = (long)U64(0x28);
            int headerSize = U16(0x3a);
            int count = U16(0x3c);
            if (headerOffset == 0 || count == 0)
            {
                throw Fail("no section headers (stripped of them?)");
            }

            if (headerSize != 64)
            {
                throw Fail("section header size is " + headerSize + ", expected 64");
            }

            Require(headerOffset, (long)count * headerSize, "the section header table");
            for (int i = 0; i < count; i++)
            {
                long at = headerOffset + (long)i * headerSize;
                var section = new Section(
                    type: U32(at + 4),
                    offset: (long)U64(at + 24),
                    size: (long)U64(at + 32),
                    link: U32(at + 40),
                    info: U32(at + 44));
                if (section.Type != 8 /* SHT_NOBITS occupies no file bytes */)
                {
                    Require(section.Offset, section.Size, "section " + i);
                }

                _sections.Add(section);
            }
        }

        private List<ElfVersionNeed> ReadVersionNeeds()
        {
            var needs = new List<ElfVersionNeed>();
            var section = FindSection(SectionVersionNeeds);
            if (section == null)
            {
                return needs;
            }

            var strings = SectionAt(section.Link, ".gnu.version_r's string table");
            long entry = section.Offset;
            for (uint n = 0; n < section.Info; n++)
            {
                RequireWithin(section, entry, 16, "a .gnu.version_r entry");
                string file = CString(strings, U32(entry + 4));
                int auxCount = U16(entry + 2);
                long aux = entry + U32(entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    RequireWithin(section, aux, 16, "a .gnu.version_r auxiliary entry");
                    needs.Add(new ElfVersionNeed(
                        file,
                        CString(strings, U32(aux + 8)),
                        U16(aux + 4),
                        U16(aux + 6),
                        aux + 4));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0 && a + 1 < auxCount)
                    {
                        throw Fail("a .gnu.version_r entry ends before its count of " + auxCount);
                    }

                    aux += nextAux;
                }

                uint next = U32(entry + 12);
                if (next == 0 && n + 1 < section.Info)
                {
                    throw Fail(".gnu.version_r ends before its count of " + section.Info + " entries");
                }

                entry += next;
            }

            return needs;
        }

        private List<string> ReadVersionDefinitions()
        {
            var names = new List<string>();
            var section = FindSection(SectionVersionDefinitions);
            if (section == null)
            {
                return names;
            }

            var strings = SectionAt(section.Link, ".gnu.version_d's string table");
            long entry = section.Offset;
            for (uint n = 0; n < section.Info; n++)
            {
                RequireWithin(section, entry, 20, "a .gnu.version_d entry");
                if (U16(entry + 6) > 0)
                {
                    // The first auxiliary entry names the version itself; the rest name its parents.
                    long aux = entry + U32(entry + 12);
                    RequireWithin(section, aux, 8, "a .gnu.version_d auxiliary entry");
                    names.Add(CString(strings, U32(aux)));
                }

                uint next = U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }

            return names;
        }

        private Section? FindSection(uint type)
        {
            foreach (var section in _sections)
            {
                if (section.Type == type)
                {
                    return section;
                }
            }

            return null;
        }

        private Section SectionAt(uint index, string what)
        {
            if (index >= _sections.Count)
            {
                throw Fail(what + " is section " + index + ", past the last section");
            }

            return _sections[(int)index];
        }

        private string CString(Section strings, uint offset)
        {
            long start = strings.Offset + offset;
            long end = strings.Offset + strings.Size;
            if (offset >= strings.Size)
            {
                throw Fail("a name points past its string table");
            }

            long stop = start;
            while (stop < end && _bytes[stop] != 0)
            {
                stop++;
            }

            if (stop == end)
            {
                throw Fail("a name runs past the end of its string table");
            }

            return Encoding.ASCII.GetString(_bytes, (int)start, (int)(stop - start));
        }

        private void RequireWithin(Section section, long at, long length, string what)
        {
            if (at < section.Offset || at + length > section.Offset + section.Size)
            {
                throw Fail(what + " lies outside its section");
            }
        }

        private void Require(long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset > _bytes.Length || length > _bytes.Length - offset)
            {
                throw Fail(what + " lies past the end of the file (" + _bytes.Length + " bytes): truncated?");
            }
        }

        private ushort U16(long at)
        {
            Require(at, 2, "a field");
            return (ushort)(_bytes[at] | (_bytes[at + 1] << 8));
        }

        private uint U32(long at)
        {
            Require(at, 4, "a field");
            return (uint)(_bytes[at] | (_bytes[at + 1] << 8) | (_bytes[at + 2] << 16) | (_bytes[at + 3] << 24));
        }

        private ulong U64(long at) => U32(at) | ((ulong)U32(at + 4) << 32);

        private ElfLayoutException Fail(string problem) => new ElfLayoutException(_path, problem);

        private sealed class Section
        {
            public Section(uint type, long offset, long size, uint link, uint info)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
            }

            public uint Type { get; }

            public long Offset { get; }

            public long Size { get; }

            public uint Link { get; }

            public uint Info { get; }
        }
    }

    /// <summary>What the compat patch finds, or did, for one copy of libLibTorchSharp.so.</summary>
    internal enum CompatPatchState
    {
        /// <summary>The library does not ask libstdc++ for the version at all.</summary>
        NotNeeded,

        /// <summary>The requirement is strict: the loader will refuse the file on an older libstdc++.</summary>
        Strict,

        /// <summary>The requirement is weak (patched): the loader accepts the file.</summary>
        Weak,
    }

    /// <summary>The policy: which requirement may be weakened, and the atomic file rewrite.</summary>
    internal static class LibStdCxxCompat
    {
        public const string LibStdCxx = "libstdc++.so.6";
        public const string Version = "GLIBCXX_3.4.32";

        // Symbols allowed under the weakened version: markers nothing binds. Any other symbol there
        // would be a real dependency, and weakening it would trade a load error for a crash later.
        private static readonly string[] MarkerSymbols = { "_ZSt21ios_base_library_initv" };

        private static readonly string[] LibraryDirectories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };

        /// <summary>The host's libstdc++.so.6, or null where none is in the usual places.</summary>
        public static string? FindHostLibStdCxx()
        {
            foreach (var directory in LibraryDirectories)
            {
                var candidate = Path.Combine(directory, LibStdCxx);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>True when the given libstdc++ defines <see cref="Version"/>.</summary>
        public static bool Provides(string libStdCxxPath)
            => new List<string>(ElfImage.Read(libStdCxxPath).Definitions).Contains(Version);

        public static CompatPatchState Inspect(ElfImage library)
        {
            var need = FindNeed(library);
            if (need == null)
            {
                return CompatPatchState.NotNeeded;
            }

            return need.IsWeak ? CompatPatchState.Weak : CompatPatchState.Strict;
        }

        /// <summary>
        /// Returns the bytes with the requirement weakened, or null when there is nothing to do
        /// (no such requirement, or already weak). Every other byte is left as it was.
        /// </summary>
        public static byte[]? Patch(byte[] bytes, string path)
        {
            var image = ElfImage.Parse(bytes, path);
            var need = FindNeed(image);
            if (need == null || need.IsWeak)
            {
                return null;
            }

            foreach (var symbol in image.SymbolsWithVersionIndex(need.Index))
            {
                if (Array.IndexOf(MarkerSymbols, symbol) < 0)
                {
                    throw new ElfLayoutException(path, "symbol '" + symbol + "' really needs " + Version
                        + "; weakening the requirement is only safe for unbound markers, so this libstdc++ is too old for this TorchSharp");
                }
            }

            var patched = (byte[])bytes.Clone();
            ushort flags = (ushort)(need.Flags | ElfImage.VersionFlagWeak);
            patched[need.FlagsOffset] = (byte)(flags & 0xff);
            patched[need.FlagsOffset + 1] = (byte)(flags >> 8);
            return patched;
        }

        /// <summary>
        /// Patches the file in place through a temporary file and a rename, so that a hard link into
        /// the NuGet cache is replaced rather than written through, and a crash leaves either the old
        /// or the new file. Keeps the timestamp, so incremental copies still see the file as current.
        /// </summary>
        public static bool PatchFile(string path)
        {
            var patched = Patch(File.ReadAllBytes(path), path);
            if (patched == null)
            {
                return false;
            }

            var stamp = File.GetLastWriteTimeUtc(path);
            var temporary = path + ".compat-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(path, temporary); // a copy first, so the new file keeps the old one's mode bits
                File.WriteAllBytes(temporary, patched);
                File.SetLastWriteTimeUtc(temporary, stamp);
                File.Replace(temporary, path, null);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            return true;
        }

        private static ElfVersionNeed? FindNeed(ElfImage image)
        {
            foreach (var need in image.Needs)
            {
                if (need.File == LibStdCxx && need.Name == Version)
                {
                    return need;
                }
            }

            return null;
        }
    }

#if !CONTRASTIVE_RUNTIME
    /// <summary>
    /// MSBuild task: weakens the GLIBCXX_3.4.32 requirement of each given libLibTorchSharp.so when
    /// the host's libstdc++ lacks that version. Never touches anything but the given files.
    /// </summary>
    public sealed class PatchLibTorchSharpForOldLibStdCxx : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        /// <summary>Override for the host libstdc++ (tests, unusual layouts).</summary>
        public string HostLibStdCxx { get; set; } = "";

        /// <summary>Patch whatever this host has: the output will run elsewhere (a tool package).</summary>
        public bool Always { get; set; }

        public override bool Execute()
        {
            var host = string.IsNullOrEmpty(HostLibStdCxx) ? LibStdCxxCompat.FindHostLibStdCxx() : HostLibStdCxx;
            if (host == null && !Always)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    "TorchSharp compat: no libstdc++.so.6 found in the usual places; nothing patched.");
                return true;
            }

            try
            {
                if (!Always && host != null && LibStdCxxCompat.Provides(host))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                        "TorchSharp compat: " + host + " provides " + LibStdCxxCompat.Version + "; nothing to patch.");
                    return true;
                }

                foreach (var item in Libraries)
                {
                    var path = item.ItemSpec;
                    if (!File.Exists(path))
                    {
                        continue;
                    }

                    if (LibStdCxxCompat.PatchFile(path))
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            "TorchSharp compat: marked the " + LibStdCxxCompat.Version + " requirement of " + path
                            + " weak, because " + (Always ? "this output will run on other machines." : host + " stops before it."));
                    }
                }
            }
            catch (ElfLayoutException e)
            {
                Log.LogError(null, "CTKB001", null, null, 0, 0, 0, 0,
                    "TorchSharp compat patch cannot proceed: " + e.Message
                    + ". Set ContrastiveTorchSharpCompat=false to skip it (TorchSharp will then fail to load on this host).");
            }
            catch (IOException e)
            {
                Log.LogError(null, "CTKB002", null, null, 0, 0, 0, 0,
                    "TorchSharp compat patch could not rewrite the library: " + e.Message);
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
