"""Questions the policies couldn't answer: the abstentions and the 👎 answers, for the privacy team."""
