# STAND-IN (a test double written for this project): the preprocessing model's Python file. Never run.
class TritonPythonModel:
    def execute(self, requests):
        raise NotImplementedError("stand-in template")
