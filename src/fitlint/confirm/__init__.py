"""Runtime confirmation (`fitlint confirm`): run a script with Keras's training calls patched
to record and stop (`runner`, standard library only), then let each rule judge its own
findings against what was observed (`match`, with the vocabulary of `verdicts`).

Nothing here is imported by static linting except `verdicts`, which the rules' judges use.
"""
