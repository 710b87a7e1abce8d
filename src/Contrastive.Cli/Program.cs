using Contrastive.Cli;

return ContrastiveApp.Create().Run(args);
