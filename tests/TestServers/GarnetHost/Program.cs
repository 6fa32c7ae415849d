using System;
using System.Threading;
using Garnet;

// Runs a Garnet server with Garnet's own command-line options until the process is killed, so that the tests can
// kill, pause (SIGSTOP) and restart it exactly as they do a redis-server process.
using var server = new GarnetServer(args);
server.Start();
Console.WriteLine("garnet ready");
Thread.Sleep(Timeout.Infinite);
