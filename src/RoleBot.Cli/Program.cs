using RoleBot.Cli;

// rolebot [--knowledge DIR] <chat | ask [--json] [question…] | eval FILE>
return await Cli.RunAsync(args, Console.In, Console.Out, Console.Error);
