// tilmash translator's page: entry module (wires the page together).
