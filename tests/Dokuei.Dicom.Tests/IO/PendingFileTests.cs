using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>Both ways of writing a pending file: unnamed (Linux, where the tests run) and under a temporary name (elsewhere).</summary>
public sealed class PendingFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dokuei-pending-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_unnamed_pending_file_is_not_in_its_folder_until_complete_and_then_holds_what_was_written()
    {
        var path = Path.Combine(_folder, "a.dcm");
        using (var file = PendingFile.Create(path))
        {
            RandomAccess.Write(file.Handle, "complete"u8, 0);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
            file.Complete();
        }

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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pending_file_never_completed_leaves_nothing_behind(bool allowUnnamed)
    {
        using (var file = PendingFile.Create(Path.Combine(_folder, "a.dcm"), allowUnnamed))
        {
            RandomAccess.Write(file.Handle, new byte[100_000], 0);
        }

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Completing_replaces_a_file_of_that_name_which_stays_whole_until_then_and_leaves_no_temporary_name(bool allowUnnamed)
    {
        var path = Path.Combine(_folder, "a.dcm");
        File.WriteAllText(path, "first");
        using var file = PendingFile.Create(path, allowUnnamed);
        RandomAccess.Write(file.Handle, "second"u8, 0);
        Assert.Equal("first", File.ReadAllText(path));

        file.Complete();
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(path, Assert.Single(Directory.GetFileSystemEntries(_folder)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Completing_over_a_folder_of_that_name_fails_and_leaves_no_temporary_name(bool allowUnnamed)
    {
        var path = Path.Combine(_folder, "a.dcm");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(path).FullName, "inside"), "kept");
        using (var file = PendingFile.Create(path, allowUnnamed))
        {
            RandomAccess.Write(file.Handle, "second"u8, 0);
            Assert.ThrowsAny<IOException>(file.Complete);
        }

        Assert.Equal(path, Assert.Single(Directory.GetFileSystemEntries(_folder)));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(path, "inside")));
    }

    [Fact]
    public void Completing_after_the_folder_went_fails_with_an_error_naming_the_path()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "gone")).FullName;
        var path = Path.Combine(folder, "a.dcm");
        using var file = PendingFile.Create(path);
        Directory.Delete(folder); // empty: the unnamed file has no entry in it

        var error = Assert.Throws<IOException>(file.Complete);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_does_not_exist_fails_at_the_start()
    {
        Assert.Throws<DirectoryNotFoundException>(() => PendingFile.Create(Path.Combine(_folder, "missing", "a.dcm")));
    }
}
