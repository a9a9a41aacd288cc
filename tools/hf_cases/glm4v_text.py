"""GLM-4.1V's text model alone (model_type glm4v_text, Glm4vTextModel): defaults, GLM-4.1V-9B-Thinking's
text_config, and a tiny one with the options the template reads (partial_rotary_factor, a head_dim that only the
rotary embedding reads, kv heads)."""
from hf_cases.glm4v import text_9b

CASES = [
    dict(case_id="glm4v_text-defaults", model_type="glm4v_text", config={}, architecture="Glm4vTextModel",
         kv_cache=True, source="Glm4vTextConfig() defaults (no KV figure: its mrope_section covers half the rotary)"),
    dict(case_id="glm4v_text-9b-thinking", model_type="glm4v_text", architecture="Glm4vTextModel", kv_cache=True,
         source="text_config of zai-org/GLM-4.1V-9B-Thinking (from memory of the Hub file)", config=text_9b()),
    dict(case_id="glm4v_text-tiny-options", model_type="glm4v_text", architecture="Glm4vTextModel", kv_cache=True,
         source="MHA (kv null), partial_rotary_factor 0.25 in rope_parameters, head_dim 32 (rotary only)",
         config=dict(vocab_size=96, hidden_size=48, intermediate_size=64, num_hidden_layers=2, num_attention_heads=6,
                     num_key_value_heads=None, head_dim=32,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.25,
                                          mrope_section=[2, 1, 1]))),
]
