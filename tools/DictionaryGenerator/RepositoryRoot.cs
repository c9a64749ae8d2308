namespace Dokuei.Tools.DictionaryGenerator;

internal static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dokuei.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
