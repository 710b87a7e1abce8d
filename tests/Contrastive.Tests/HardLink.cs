using System.Runtime.InteropServices;

namespace Contrastive.Tests;

/// <summary>link(2): .NET has no managed API for hard links.</summary>
internal static partial class HardLink
{
    public static void Create(string link, string existing)
    {
        if (NativeLink(existing, link) != 0)
        {
            throw new IOException($"link({existing}, {link}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeLink(string existing, string link);
}
