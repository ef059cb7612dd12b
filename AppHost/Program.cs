Console.WriteLine("AspireChain AppHost: not built yet");
