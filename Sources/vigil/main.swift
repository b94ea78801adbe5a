import VigilCLI

await VigilEntryPoint.run()
