using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dokuei.Dicom.Tests.Dictionary;

public partial class GeneratedCodeTests
{
    [GeneratedRegex(@"^// Input hash: (?<hash>[0-9a-f]{64})$", RegexOptions.Multiline)]
    private static partial Regex HashLine();

    [Theory]
    [InlineData("DicomDictionary.Generated.cs")]
    [InlineData("DicomTag.Generated.cs")]
    [InlineData("DicomUids.Generated.cs")]
    public void Generated_file_was_written_from_the_current_data_and_generator(string file)
    {
        // Same hash as tools/DictionaryGenerator/DictionaryWriter.InputHash: a mismatch means the generator was not re-run.
        var root = FindRoot();
        var text = File.ReadAllText(Path.Combine(root, "src", "Dokuei.Dicom", "Dictionary", file));
        var match = HashLine().Match(text.ReplaceLineEndings("\n"));
        Assert.True(match.Success, $"{file} has no input hash line");
        Assert.Equal(InputHash(Path.Combine(root, "tools", "DictionaryGenerator")), match.Groups["hash"].Value);
    }

    private static string InputHash(string tool)
    {
        var files = Directory.EnumerateFiles(tool, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tool, f).Replace('\\', '/'))
            .Where(f => (f.EndsWith(".py", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var file in files)
        {
            text.Append(file).Append('\n').Append(File.ReadAllText(Path.Combine(tool, file)).ReplaceLineEndings("\n")).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dokuei.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Dokuei.slnx not found above the test output directory.");
    }
}
