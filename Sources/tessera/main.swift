print("tessera: under construction")
