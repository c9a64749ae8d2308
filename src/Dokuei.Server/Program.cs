using Dokuei.Server.Hosting;

return await CommandLine.RunAsync(args).ConfigureAwait(false);
