"""Demo territory: real schools of Seine-Saint-Denis, fictitious pupils and programme."""
