using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Tests.IO;

public sealed class UnnamedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dokuei-unnamed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_unnamed_file_is_not_in_its_folder_until_it_is_linked_and_then_holds_what_was_written()
    {
        using var file = Create();
        RandomAccess.Write(file, "complete"u8, 0);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));

        var path = Path.Combine(_folder, "a.dcm");
        Assert.True(UnnamedFile.TryLink(file, path));
        file.Dispose();
        Assert.Equal("complete"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFileSystemEntries(_folder));

        // The same permissions as a file that .NET creates there.
        var named = Path.Combine(_folder, "b.dcm");
        File.WriteAllText(named, "");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(File.GetUnixFileMode(named), File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void An_unnamed_file_closed_without_a_name_leaves_nothing_behind()
    {
        using (var file = Create())
        {
            RandomAccess.Write(file, new byte[100_000], 0);
        }

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void TryLink_does_not_replace_an_existing_file_and_Link_does_without_leaving_a_temporary_name()
    {
        var path = Path.Combine(_folder, "a.dcm");
        File.WriteAllText(path, "first");
        using var file = Create();
        RandomAccess.Write(file, "second"u8, 0);

        Assert.False(UnnamedFile.TryLink(file, path));
        Assert.Equal("first", File.ReadAllText(path));

        UnnamedFile.Link(file, path);
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(path, Assert.Single(Directory.GetFileSystemEntries(_folder)));
    }

    [Fact]
    public void Linking_into_a_missing_folder_fails_with_an_error_naming_the_path()
    {
        using var file = Create();
        var path = Path.Combine(_folder, "missing", "a.dcm");
        var error = Assert.Throws<IOException>(() => UnnamedFile.Link(file, path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_does_not_exist_gives_no_unnamed_file()
    {
        Assert.Null(UnnamedFile.TryCreate(Path.Combine(_folder, "missing")));
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle Create()
    {
        // The tests run on Linux (ext4 or tmpfs), which has unnamed files; elsewhere the callers' fallback is what runs.
        var file = UnnamedFile.TryCreate(_folder);
        Assert.NotNull(file);
        return file;
    }
}
