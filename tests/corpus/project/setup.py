from setuptools import find_packages, setup

REQUIRES = [
    "numpy",
    "tencentcloud-sdk-python-hunyuan>=3.0.1200",
]

setup(
    name="legacy-tool",
    packages=find_packages(),
    install_requires=REQUIRES,
    extras_require={"ark": ["volcengine-ark-runtime"]},
)
