"""Mllama text model (`mllama_text_model`: MllamaTextConfig, Llama 3.2 Vision's decoder with cross-attention
layers): defaults, both heads (MllamaForCausalLM, MllamaTextModel), and every option the template reads
(cross_attention_layers, widths, kv heads, tie_word_embeddings, which transformers 5.24 does not apply)."""

TINY = dict(vocab_size=120, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, cross_attention_layers=[1, 3], pad_token_id=0)

CASES = [
    dict(case_id="mllama_text_model-defaults", model_type="mllama_text_model", config={},
         architecture="MllamaForCausalLM",
         source="MllamaTextConfig() defaults (Llama-3.2-11B-Vision's text model: 40 layers, 8 cross-attention)"),
    dict(case_id="mllama_text_model-tiny", model_type="mllama_text_model", architecture="MllamaForCausalLM",
         source="tiny, layers 1 and 3 cross-attend", config=dict(TINY)),
    dict(case_id="mllama_text_model-tiny-options", model_type="mllama_text_model", architecture="MllamaForCausalLM",
         source="tie_word_embeddings true (not applied), MQA, 5 layers, cross-attention at 0 only",
         config=dict(TINY, tie_word_embeddings=True, num_key_value_heads=1, num_hidden_layers=5,
                     cross_attention_layers=[0])),
    dict(case_id="mllama_text_model-tiny-no-cross", model_type="mllama_text_model", architecture="MllamaForCausalLM",
         source="cross_attention_layers [] (a plain decoder)", config=dict(TINY, cross_attention_layers=[])),
    dict(case_id="mllama_text_model-tiny-model", model_type="mllama_text_model", architecture="MllamaTextModel",
         source="base model", config=dict(TINY)),
]
