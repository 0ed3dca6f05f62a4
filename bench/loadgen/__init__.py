"""The load generator: scripted residents over Rasa's REST channel (`make load`, `make bench`).

- stacks.py: the whole assistant started by our own launcher (bot/cli/stack.py) on
  temporary databases, or the production profile; where its databases and processes are;
- scripts.py: the residents' conversations (conversations.yml), bookings included;
- runner.py: async httpx, a fixed number of residents talking at once;
- checks.py: lost messages (tracker store), double bookings (the municipal API's database);
- report.py: latency percentiles, throughput, the JSON and the Markdown table.
"""
