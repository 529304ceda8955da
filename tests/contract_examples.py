"""The examples of shared/CONTRACTS.md, verbatim, for tests that read files written from it."""

ELECTIONS = """\
elections:
  - id: pilbup-kaliurangraya-2024
    name: Pemilihan Bupati Kaliurang Raya 2024
    region: Kabupaten Kaliurang Raya
    voting_day: 2024-11-27
    candidates:
      - number: 1
        names: ["Sutopo Hadi", "Ratna Dewi"]     # the pair, head first
        aliases: ["Sutopo-Ratna", "SURYA"]                  # pair nicknames, acronyms
        parties: ["Partai Gotong Royong Baru"]
        hashtags: ["#SutopoRatna", "#KaliurangMaju"]
        slogans: ["Kaliurang Maju"]
        accounts: ["x:sutopohadi_official", "instagram:sutoporatna.id"]
"""
