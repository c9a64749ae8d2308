using Dokuei.Tools.DictionaryGenerator;

// Regenerates the checked-in dictionary sources of Dokuei.Dicom: run from anywhere inside the repository.
var root = RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? RepositoryRoot.Find(AppContext.BaseDirectory)
    ?? throw new InvalidOperationException("Dokuei.slnx not found above the current directory.");

var output = DictionaryWriter.Generate(root);
foreach (var (relativePath, text) in output.Files)
{
    File.WriteAllText(Path.Combine(root, relativePath), text, DictionaryWriter.Utf8NoBom);
    Console.WriteLine($"wrote {relativePath}");
}

foreach (var line in output.Report)
{
    Console.WriteLine(line);
}
