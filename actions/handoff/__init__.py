"""Human handoff: the resident asks for a person; during the MSP's opening hours a ticket
(with consent) and a pause until staff hand the conversation back, outside them a callback."""
